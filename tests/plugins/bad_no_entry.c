/*
 * bad_no_entry — exports no plugboard_plugin_entry_v1, only another function. Its name is a
 * near miss that the plugins' shared version script (plugboard_plugin_entry_v*) still exports.
 *
 * Expected of the daemon: refuse the library with a log line that names the missing symbol
 * "plugboard_plugin_entry_v1", and go on loading the other plugins.
 */
#include <plugboard/plugin.h>

PB_EXPORT int plugboard_plugin_entry_version(void) {
    return PB_ABI_MAJOR;
}
