// plugboard-regex.so: Boost.Regex with ICU behind regex_module.h. ICU
// supplies the Unicode properties (\p{Letter}) that 2020-12's "unicode
// semantics" require; translating ECMA-262 syntax stays in the daemon.
#include "schema/regex_module.h"

#include <algorithm>
#include <boost/regex/icu.hpp>
#include <cstring>
#include <exception>
#include <new>
#include <string_view>

namespace {

void copy_error(std::string_view message, char* error, std::size_t error_size) {
    if (error_size == 0) return;
    const std::size_t length = std::min(message.size(), error_size - 1);
    std::memcpy(error, message.data(), length);
    error[length] = '\0';
}

void* compile(const wchar_t* pattern, std::size_t length, char* error, std::size_t error_size) {
    try {
        // no_mod_m: '^' and '$' anchor at the ends of the string only, as in ECMA-262.
        return new boost::u32regex(boost::make_u32regex(
            pattern, pattern + length,
            boost::regex_constants::ECMAScript | boost::regex_constants::no_mod_m));
    } catch (const std::exception& e) {
        // Boost appends the translated pattern after this sentence; the caller names the original.
        const std::string_view message = e.what();
        copy_error(message.substr(0, message.find(".  ")), error, error_size);
    } catch (...) {
        copy_error("the pattern could not be compiled", error, error_size);
    }
    return nullptr;
}

int search(const void* regex, const char* utf8, std::size_t length) {
    try {
        // A char range is read as UTF-8.
        return boost::u32regex_search(utf8, utf8 + length,
                                      *static_cast<const boost::u32regex*>(regex))
                   ? 1
                   : 0;
    } catch (...) {
        // Boost's complexity limit, or UTF-8 that simdjson would not have accepted.
        return -1;
    }
}

void destroy(void* regex) {
    delete static_cast<boost::u32regex*>(regex);
}

constexpr plugboard_regex_module kModule{compile, search, destroy};

}  // namespace

extern "C" __attribute__((visibility("default"))) const plugboard_regex_module*
plugboard_regex_module_v1(void) {
    return &kModule;
}
