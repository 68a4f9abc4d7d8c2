/*
 * bad_invalid_item — init registers a tool whose definition is not valid JSON, another whose
 * definition has no "name", and a valid tool `still_works`; it ignores the two failures and
 * returns PB_OK.
 *
 * Expected of the daemon: refuse both bad definitions (register_item returns an error status
 * with a reason, and the daemon logs it clearly), keep the plugin loaded, and list and serve
 * `still_works`.
 */
#include "test_plugin.h"

static const pb_host_api* host_api;

static void respond(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)request;
    test_complete_text(host_api, call, "still works");
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    test_register_tool(host, api, "{\"name\":\"not_json\",\"description\":", respond, error_buf,
                       error_cap);
    test_register_tool(host, api,
                       "{\"description\":\"A tool without a name.\","
                       "\"inputSchema\":{\"type\":\"object\"}}",
                       respond, error_buf, error_cap);
    test_register_tool(host, api, TEST_TOOL_JSON("still_works", "The one valid tool."), respond,
                       error_buf, error_cap);
    return PB_OK;
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_invalid_item",
    .version = "1.0.0",
    .description = "Test plugin: registers invalid item definitions.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &kPlugin : NULL;
}
