/*
 * What the misbehaving test plugins all do correctly: register a tool, answer with text.
 */
#ifndef PLUGBOARD_TEST_PLUGIN_H
#define PLUGBOARD_TEST_PLUGIN_H

#include <plugboard/plugin.h>
#include <stdio.h>
#include <string.h>

/* A valid MCP Tool definition that takes an empty object. */
#define TEST_TOOL_JSON(name, description)                   \
    "{\"name\":\"" name "\",\"description\":\"" description \
    "\","                                                   \
    "\"inputSchema\":{\"type\":\"object\"}}"

/* Registers a tool whose definition is the NUL-terminated `definition_json`. */
static inline int32_t test_register_tool(pb_host* host, const pb_host_api* api,
                                         const char* definition_json, pb_handler_fn handler,
                                         char* error_buf, size_t error_cap) {
    pb_item item;
    memset(&item, 0, sizeof item);
    item.struct_size = (uint32_t)sizeof item;
    item.kind = PB_ITEM_TOOL;
    item.definition_json = definition_json;
    item.definition_len = strlen(definition_json);
    item.handler = handler;
    return api->register_item(host, &item, error_buf, error_cap);
}

/* Completes `call` with a CallToolResult of one text block. `text` must need no JSON escaping. */
static inline void test_complete_text(const pb_host_api* api, pb_call* call, const char* text) {
    char result[512];
    const int length = snprintf(result, sizeof result,
                                "{\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}", text);
    if (length < 0 || (size_t)length >= sizeof result) {
        api->complete(call, PB_ERR_INTERNAL, "result too long", strlen("result too long"));
        return;
    }
    api->complete(call, PB_OK, result, (size_t)length);
}

#endif /* PLUGBOARD_TEST_PLUGIN_H */
