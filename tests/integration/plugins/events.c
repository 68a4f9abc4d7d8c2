/*
 * events — a test plugin that makes the daemon talk first: it changes the
 * registry at runtime, reports resource updates and asks the client.
 *
 *   add_tool {name}         registers a tool `name` whose answer is its
 *                           arguments object, as text
 *   remove_tool {name}      unregisters that tool again
 *   touch {uri}             api->resource_updated(uri)
 *   ask {what, params}      api->ask_client with what = "sampling",
 *                           "elicitation" or "roots"; answers the client's
 *                           result as text, or isError with the reason
 */
#include <plugboard/json_c.h>
#include <plugboard/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_CAP 256

static const pb_host_api* host_api;
static pb_host* plugin_host;

/* Completes `call` with one text block holding `text`, as a tool error if asked. */
static void complete_text(pb_call* call, const char* text, size_t text_len, int is_error) {
    const size_t cap = 6 * text_len + 96;
    char* result = malloc(cap);
    pb_json_writer w;
    if (result == NULL) {
        host_api->complete(call, PB_ERR_INTERNAL, "out of memory", strlen("out of memory"));
        return;
    }
    pb_json_writer_init(&w, result, cap);
    pb_json_write_raw(&w, "{\"content\":[{\"type\":\"text\",\"text\":");
    pb_json_write_string(&w, text, text_len);
    pb_json_write_raw(&w, is_error ? "}],\"isError\":true}" : "}]}");
    host_api->complete(call, PB_OK, result, w.len);
    free(result);
}

static void complete_message(pb_call* call, const char* message, int is_error) {
    complete_text(call, message, strlen(message), is_error);
}

/* The string argument `key`; answers the call with a tool error and returns 0 when absent. */
static int string_argument(pb_call* call, const pb_request* request, const char* key, char* out) {
    size_t len = 0;
    if (pb_json_get_string(request->arguments_json, request->arguments_len, key, out, NAME_CAP,
                           &len) == PB_JSON_OK &&
        strlen(out) == len) {
        return 1;
    }
    char message[64];
    snprintf(message, sizeof message, "argument '%s' must be a short string", key);
    complete_message(call, message, 1);
    return 0;
}

static void added_tool(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    complete_text(call, request->arguments_json, request->arguments_len, 0);
}

static void add_tool(void* user_data, pb_call* call, const pb_request* request) {
    char name[NAME_CAP];
    char definition[NAME_CAP + 128];
    char error[256] = {0};
    pb_json_writer w;
    pb_item item;
    (void)user_data;
    if (!string_argument(call, request, "name", name)) return;
    pb_json_writer_init(&w, definition, sizeof definition);
    pb_json_write_raw(&w, "{\"name\":");
    pb_json_write_string(&w, name, strlen(name));
    pb_json_write_raw(&w,
                      ",\"description\":\"Added at runtime.\","
                      "\"inputSchema\":{\"type\":\"object\"}}");
    memset(&item, 0, sizeof item);
    item.struct_size = (uint32_t)sizeof item;
    item.kind = PB_ITEM_TOOL;
    item.definition_json = definition;
    item.definition_len = w.len;
    item.handler = added_tool;
    if (host_api->register_item(plugin_host, &item, error, sizeof error) != PB_OK) {
        complete_message(call, error, 1);
        return;
    }
    complete_message(call, "added", 0);
}

static void remove_tool(void* user_data, pb_call* call, const pb_request* request) {
    char name[NAME_CAP];
    (void)user_data;
    if (!string_argument(call, request, "name", name)) return;
    if (host_api->unregister_item(plugin_host, PB_ITEM_TOOL, name, strlen(name)) != PB_OK) {
        complete_message(call, "no such tool", 1);
        return;
    }
    complete_message(call, "removed", 0);
}

static void touch(void* user_data, pb_call* call, const pb_request* request) {
    char uri[NAME_CAP];
    (void)user_data;
    if (!string_argument(call, request, "uri", uri)) return;
    host_api->resource_updated(plugin_host, uri, strlen(uri));
    complete_message(call, "touched", 0);
}

/* The originating call travels as user_data; the daemon keeps it open until this runs. */
static void client_answered(void* user_data, int32_t status, const char* json, size_t json_len) {
    complete_text((pb_call*)user_data, json, json_len, status != PB_OK);
}

static void ask(void* user_data, pb_call* call, const pb_request* request) {
    char what[NAME_CAP];
    const char* params = "{}";
    size_t params_len = 2;
    int32_t kind;
    (void)user_data;
    if (!string_argument(call, request, "what", what)) return;
    /* The input schema allows nothing else. */
    kind = strcmp(what, "sampling") == 0      ? PB_ASK_SAMPLING
           : strcmp(what, "elicitation") == 0 ? PB_ASK_ELICITATION
                                              : PB_ASK_ROOTS;
    pb_json_find(request->arguments_json, request->arguments_len, "params", &params, &params_len);
    host_api->ask_client(call, kind, params, params_len, client_answered, call);
}

static const char add_tool_json[] =
    "{\"name\":\"add_tool\",\"description\":\"Registers a tool.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
    "\"required\":[\"name\"]}}";
static const char remove_tool_json[] =
    "{\"name\":\"remove_tool\",\"description\":\"Unregisters a tool added by add_tool.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
    "\"required\":[\"name\"]}}";
static const char touch_json[] =
    "{\"name\":\"touch\",\"description\":\"Reports that a resource changed.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"uri\":{\"type\":\"string\"}},"
    "\"required\":[\"uri\"]}}";
static const char ask_json[] =
    "{\"name\":\"ask\",\"description\":\"Asks the client and answers with its reply.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"what\":{\"enum\":[\"sampling\",\"elicitation\",\"roots\"]},"
    "\"params\":{\"type\":\"object\"}},"
    "\"required\":[\"what\"]}}";

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    const struct {
        const char* json;
        size_t len;
        pb_handler_fn handler;
    } tools[] = {
        {add_tool_json, sizeof add_tool_json - 1, add_tool},
        {remove_tool_json, sizeof remove_tool_json - 1, remove_tool},
        {touch_json, sizeof touch_json - 1, touch},
        {ask_json, sizeof ask_json - 1, ask},
    };
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    plugin_host = host;
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; ++i) {
        pb_item item;
        int32_t status;
        memset(&item, 0, sizeof item);
        item.struct_size = (uint32_t)sizeof item;
        item.kind = PB_ITEM_TOOL;
        item.definition_json = tools[i].json;
        item.definition_len = tools[i].len;
        item.handler = tools[i].handler;
        status = api->register_item(host, &item, error_buf, error_cap);
        if (status != PB_OK) return status;
    }
    return PB_OK;
}

static const pb_plugin events_plugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "events",
    .version = "1.0.0",
    .description = "Test plugin: runtime registration, resource updates, client requests.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &events_plugin : NULL;
}
