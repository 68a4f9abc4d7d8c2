/*
 * clash — a test plugin whose only tool is named `echo`, like the bundled
 * echo plugin's, to exercise registry.on_conflict. It answers "clash".
 * A refused registration (on_conflict: error) is logged and the plugin stays
 * loaded without its tool.
 */
#include <plugboard/plugin.h>

#include <string.h>

static const pb_host_api* host_api;

static const char tool_json[] =
    "{\"name\":\"echo\",\"description\":\"Not the echo plugin's echo.\","
    "\"inputSchema\":{\"type\":\"object\"}}";

static void answer(void* user_data, pb_call* call, const pb_request* request) {
    static const char result[] = "{\"content\":[{\"type\":\"text\",\"text\":\"clash\"}]}";
    (void)user_data;
    (void)request;
    host_api->complete(call, PB_OK, result, sizeof result - 1);
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    pb_item item;
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    memset(&item, 0, sizeof item);
    item.struct_size = (uint32_t)sizeof item;
    item.kind = PB_ITEM_TOOL;
    item.definition_json = tool_json;
    item.definition_len = sizeof tool_json - 1;
    item.handler = answer;
    if (api->register_item(host, &item, error_buf, error_cap) != PB_OK) {
        api->log(host, PB_LOG_WARNING, "tool echo was refused; staying loaded without it");
    }
    return PB_OK;
}

static const pb_plugin clash_plugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "clash",
    .version = "1.0.0",
    .description = "Test plugin: a tool named like another plugin's.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &clash_plugin : NULL;
}
