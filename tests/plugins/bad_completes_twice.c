/*
 * bad_completes_twice — tool `twice` completes its call twice, with different results.
 *
 * Expected of the daemon: send the client only the first result ("first"), log the second
 * completion as a plugin bug, and never let "second" reach the client.
 */
#include "test_plugin.h"

static const pb_host_api* host_api;

static void twice(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)request;
    test_complete_text(host_api, call, "first");
    test_complete_text(host_api, call, "second");
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    return test_register_tool(host, api, TEST_TOOL_JSON("twice", "Completes its call twice."),
                              twice, error_buf, error_cap);
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_completes_twice",
    .version = "1.0.0",
    .description = "Test plugin: a call completed twice.",
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
