/*
 * bad_init_fails — init registers tool `never_listed`, then fails with PB_ERR_INTERNAL and the
 * reason "database unreachable" in error_buf.
 *
 * Expected of the daemon: refuse the plugin, log the reason "database unreachable", drop the
 * tool it registered (never listed), and never call shutdown; shutdown would say so on stderr.
 */
#include "test_plugin.h"

static const pb_host_api* host_api;

static void never_listed(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)request;
    test_complete_text(host_api, call, "a plugin whose init failed was called");
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    test_register_tool(host, api,
                       TEST_TOOL_JSON("never_listed", "Registered by an init that then fails."),
                       never_listed, error_buf, error_cap);
    snprintf(error_buf, error_cap, "%s", "database unreachable");
    return PB_ERR_INTERNAL;
}

static void shutdown_plugin(void* state) {
    (void)state;
    fprintf(stderr, "bad_init_fails: shutdown called although init failed\n");
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_init_fails",
    .version = "1.0.0",
    .description = "Test plugin: init fails.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = shutdown_plugin,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &kPlugin : NULL;
}
