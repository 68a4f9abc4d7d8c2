/*
 * bad_wrong_abi — the descriptor declares abi_major 99 although it is returned from the v1
 * entry symbol.
 *
 * Expected of the daemon: refuse the plugin without calling init, and log that it was built for
 * ABI 99 while the host speaks 1. The tool `wrong_abi` must therefore never be listed.
 */
#include "test_plugin.h"

static const pb_host_api* host_api;

static void wrong_abi(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)request;
    test_complete_text(host_api, call, "a plugin with the wrong ABI was loaded");
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    return test_register_tool(host, api, TEST_TOOL_JSON("wrong_abi", "Must never be listed."),
                              wrong_abi, error_buf, error_cap);
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = 99,
    .abi_minor = 0,
    .name = "bad_wrong_abi",
    .version = "1.0.0",
    .description = "Test plugin: declares ABI major 99.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &kPlugin;
}
