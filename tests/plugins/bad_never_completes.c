/*
 * bad_never_completes — tool `hang` returns from its handler without ever completing the call.
 *
 * Expected of the daemon: answer the tools/call with a timeout error once the call's deadline
 * passes, stay responsive meanwhile (ping, other calls), and not crash at shutdown although the
 * call is never completed.
 */
#include "test_plugin.h"

static void hang(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)call;
    (void)request;
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    return test_register_tool(host, api, TEST_TOOL_JSON("hang", "Never completes."), hang,
                              error_buf, error_cap);
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_never_completes",
    .version = "1.0.0",
    .description = "Test plugin: a call that is never completed.",
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
