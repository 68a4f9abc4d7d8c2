/*
 * bad_entry_returns_null — the entry point returns NULL, i.e. the plugin refuses the host.
 *
 * Expected of the daemon: log that the plugin refused the host's ABI version, skip it, and go
 * on loading the other plugins.
 */
#include <plugboard/plugin.h>
#include <stddef.h>

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return NULL;
}
