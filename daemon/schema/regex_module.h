/* The interface between the daemon and plugboard-regex.so, the module that
 * matches JSON Schema `pattern`s with Boost.Regex and ICU. It is loaded on
 * the first pattern: ICU alone adds ~1.6 MB to the resident memory of every
 * process that loads it, and most schemas have no pattern.
 *
 * Internal: built and installed with the daemon, never by plugins. A plain C
 * table, so no C++ exception or object crosses the boundary. */
#ifndef PLUGBOARD_SCHEMA_REGEX_MODULE_H
#define PLUGBOARD_SCHEMA_REGEX_MODULE_H

#include <stddef.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PLUGBOARD_REGEX_MODULE_FILE "plugboard-regex.so"
/* The module's one exported symbol: a function returning the table below. */
#define PLUGBOARD_REGEX_MODULE_ENTRY "plugboard_regex_module_v1"

typedef struct plugboard_regex_module {
    /* Compiles a pattern already in Boost's ECMAScript syntax, as UTF-32.
     * Returns null with a NUL-terminated reason in `error` when it does not compile. */
    void* (*compile)(const wchar_t* pattern, size_t length, char* error, size_t error_size);
    /* Searches UTF-8 text: 1 found, 0 not found, -1 gave up (the match grew
     * too complex, or the text is not UTF-8). */
    int (*search)(const void* regex, const char* utf8, size_t length);
    void (*destroy)(void* regex);
} plugboard_regex_module;

typedef const plugboard_regex_module* (*plugboard_regex_module_entry)(void);

#ifdef __cplusplus
}
#endif

#endif /* PLUGBOARD_SCHEMA_REGEX_MODULE_H */
