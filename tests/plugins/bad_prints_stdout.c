/*
 * bad_prints_stdout — writes junk to standard output: at init, and in tool `noisy` both through
 * printf() and with write(1, ...), before completing with the text "noisy done". Part of the
 * junk looks like a JSON-RPC notification.
 *
 * Expected of the daemon: in stdio mode stdout carries only protocol frames, so none of the junk
 * reaches the client (the daemon redirects fd 1 away from the protocol channel, e.g. to its
 * log); the client gets the tool result as usual.
 */
#define _POSIX_C_SOURCE 200809L

#include <unistd.h>

#include "test_plugin.h"

static const pb_host_api* host_api;

static void write_junk(const char* junk) {
    const ssize_t written = write(1, junk, strlen(junk));
    (void)written;
}

static void noisy(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    (void)request;
    printf("bad_prints_stdout: printf junk from a handler\n");
    printf("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/junk\"}\n");
    fflush(stdout);
    write_junk("bad_prints_stdout: write(1) junk from a handler\n");
    write_junk("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n");
    test_complete_text(host_api, call, "noisy done");
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    printf("bad_prints_stdout: printf junk from init\n");
    fflush(stdout);
    write_junk("bad_prints_stdout: write(1) junk from init\n");
    return test_register_tool(host, api,
                              TEST_TOOL_JSON("noisy", "Prints junk to stdout, then answers."),
                              noisy, error_buf, error_cap);
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_prints_stdout",
    .version = "1.0.0",
    .description = "Test plugin: prints to stdout.",
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
