/*
 * bad_throws — a C++ plugin whose tool `throws` lets a std::runtime_error("boom") escape its
 * handler, across the C ABI.
 *
 * Expected of the daemon: catch the exception at the boundary where it calls the handler,
 * answer the tools/call with an internal error (and log "boom"), and keep serving other calls.
 * It is C++ on purpose: a C plugin cannot throw.
 */
#include <stdexcept>

#include "test_plugin.h"

namespace {

void throw_boom(void*, pb_call*, const pb_request*) {
    throw std::runtime_error("boom");
}

int32_t init(pb_host* host, const pb_host_api* api, const char*, size_t, void**, char* error_buf,
             size_t error_cap) {
    return test_register_tool(
        host, api, TEST_TOOL_JSON("throws", "Throws a C++ exception out of its handler."),
        throw_boom, error_buf, error_cap);
}

const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "bad_throws",
    .version = "1.0.0",
    .description = "Test plugin: a handler that throws.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = nullptr,
};

}  // namespace

extern "C" PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                                uint16_t /*host_abi_minor*/) {
    return host_abi_major == PB_ABI_MAJOR ? &kPlugin : nullptr;
}
