#include "schema/ecma_regex.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "schema/regex_module.h"

namespace plugboard::schema::detail {
namespace {

// ECMA-262 defines \w and \s itself; Boost would ask the locale instead.
constexpr std::wstring_view kWordChars = L"a-zA-Z0-9_";
constexpr std::wstring_view kSpaceChars =
    L"\\t\\n\\x{b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}"
    L"\\x{205f}\\x{3000}\\x{feff}";
// ECMA-262 '.' excludes exactly the line terminators.
constexpr std::wstring_view kAnyButLineTerminator = L"[^\\n\\r\\x{2028}\\x{2029}]";

bool decode_utf8(std::string_view text, std::u32string& out) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        char32_t code_point = 0;
        if (lead < 0x80U) {
            length = 1;
            code_point = lead;
        } else if ((lead & 0xE0U) == 0xC0U) {
            length = 2;
            code_point = lead & 0x1FU;
        } else if ((lead & 0xF0U) == 0xE0U) {
            length = 3;
            code_point = lead & 0x0FU;
        } else if ((lead & 0xF8U) == 0xF0U) {
            length = 4;
            code_point = lead & 0x07U;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto continuation = static_cast<unsigned char>(text[i + k]);
            if ((continuation & 0xC0U) != 0x80U) return false;
            code_point = (code_point << 6U) | (continuation & 0x3FU);
        }
        out.push_back(code_point);
        i += length;
    }
    return true;
}

int hex_digit(char32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a') + 10;
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A') + 10;
    return -1;
}

bool is_ascii_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}

void append_code_point_escape(std::wstring& out, char32_t code_point) {
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "\\x{%x}", static_cast<unsigned>(code_point));
    for (const char* c = buffer.data(); *c != '\0'; ++c)
        out.push_back(static_cast<wchar_t>(*c));
}

class PatternTranslator {
  public:
    explicit PatternTranslator(std::u32string pattern) : pattern_(std::move(pattern)) {}

    std::optional<std::wstring> run(std::string& error) {
        for (pos_ = 0; pos_ < pattern_.size(); ++pos_) {
            const char32_t c = pattern_[pos_];
            if (c == '\\') {
                if (pos_ + 1 >= pattern_.size()) {
                    error = "pattern ends with a lone backslash";
                    return std::nullopt;
                }
                ++pos_;
                translate_escape();
            } else if (in_class_) {
                translate_class_char(c);
            } else {
                translate_char(c);
            }
        }
        if (in_class_) {
            error = "unterminated character class";
            return std::nullopt;
        }
        return std::move(out_);
    }

  private:
    void emit(char32_t c) { out_.push_back(static_cast<wchar_t>(c)); }
    void emit(std::wstring_view text) { out_.append(text); }

    void translate_char(char32_t c) {
        switch (c) {
            case '[':
                open_class();
                break;
            case '.':
                emit(kAnyButLineTerminator);
                break;
            case '{':
                // Annex B: a brace that does not start a quantifier is a literal.
                if (const auto end = quantifier_end(pos_)) {
                    for (; pos_ < *end; ++pos_)
                        emit(pattern_[pos_]);
                    emit('}');
                } else {
                    emit(L"\\{");
                }
                break;
            case '}':
                emit(L"\\}");
                break;
            default:
                emit(c);
        }
    }

    void translate_class_char(char32_t c) {
        if (c == ']') {
            in_class_ = false;
            emit(']');
        } else if (c == '[') {
            emit(L"\\[");  // Boost would read "[:" as a POSIX class
        } else {
            emit(c);
        }
    }

    void open_class() {
        const bool negated = pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] == '^';
        const std::size_t first = pos_ + 1 + (negated ? 1 : 0);
        if (first < pattern_.size() && pattern_[first] == ']') {
            // ECMA-262 "[]" matches nothing and "[^]" anything; Boost reads ']' as a literal.
            emit(negated ? std::wstring_view{L"[\\x{0}-\\x{10ffff}]"} : std::wstring_view{L"(?!)"});
            pos_ = first;
            return;
        }
        emit(negated ? L"[^" : L"[");
        pos_ = first - 1;
        in_class_ = true;
    }

    // Index of the closing '}' when pattern_[open] starts "{n}", "{n,}" or "{n,m}".
    std::optional<std::size_t> quantifier_end(std::size_t open) const {
        std::size_t i = open + 1;
        const std::size_t digits_start = i;
        while (i < pattern_.size() && is_digit(pattern_[i]))
            ++i;
        if (i == digits_start) return std::nullopt;
        if (i < pattern_.size() && pattern_[i] == ',') {
            ++i;
            while (i < pattern_.size() && is_digit(pattern_[i]))
                ++i;
        }
        if (i < pattern_.size() && pattern_[i] == '}') return i;
        return std::nullopt;
    }

    void translate_escape() {
        const char32_t e = pattern_[pos_];
        switch (e) {
            case 'd':
                emit(in_class_ ? L"0-9" : L"[0-9]");
                return;
            case 'D':
                emit(in_class_ ? L"\\D" : L"[^0-9]");
                return;
            case 'w':
                emit_class(kWordChars, false);
                return;
            case 'W':
                if (in_class_) {
                    emit(L"\\W");
                } else {
                    emit_class(kWordChars, true);
                }
                return;
            case 's':
                emit_class(kSpaceChars, false);
                return;
            case 'S':
                if (in_class_) {
                    emit(L"\\S");
                } else {
                    emit_class(kSpaceChars, true);
                }
                return;
            case 'u':
                translate_unicode_escape();
                return;
            case 'v':
                emit(L"\\x{b}");  // Boost's \v is a class of vertical space
                return;
            case 'b':
                emit(in_class_ ? L"\\x{8}" : L"\\b");
                return;
            case '0':
                if (pos_ + 1 >= pattern_.size() || !is_digit(pattern_[pos_ + 1])) {
                    emit(L"\\x{0}");
                    return;
                }
                break;
            case 'p':
            case 'P':
                copy_property_escape(e);
                return;
            case 'B':
            case 'c':
            case 'f':
            case 'k':
            case 'n':
            case 'r':
            case 't':
            case 'x':
                break;
            default:
                // Identity escape: Boost gives letters like \A, \Z or \Q meanings ECMA lacks.
                if (is_ascii_letter(e) || e >= 0x80U) {
                    if (is_ascii_letter(e)) {
                        emit(e);
                    } else {
                        append_code_point_escape(out_, e);
                    }
                    return;
                }
                break;
        }
        emit('\\');
        emit(e);
    }

    // \p{Name} and \P{Name} go to ICU; inside a class Boost wants them as [:Name:]. Boost reads
    // one-letter names as its own classes ("L" as lower case, "S" as space), so general
    // categories are spelled out.
    void copy_property_escape(char32_t letter) {
        if (pos_ + 1 >= pattern_.size() || pattern_[pos_ + 1] != '{') {
            emit('\\');
            emit(letter);
            return;
        }
        const std::size_t close = pattern_.find('}', pos_ + 2);
        if (close == std::u32string::npos) {
            emit('\\');
            emit(letter);
            return;
        }
        std::u32string_view name(pattern_.data() + pos_ + 2, close - pos_ - 2);
        for (const std::u32string_view prefix : {U"General_Category=", U"gc="}) {
            if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
        }
        const bool negated = letter == 'P';
        if (in_class_) {
            emit(negated ? L"[:^" : L"[:");
        } else {
            emit(negated ? L"\\P{" : L"\\p{");
        }
        if (name.size() == 1) {
            emit(general_category(name[0]));
        } else {
            for (const char32_t c : name)
                emit(c);
        }
        emit(in_class_ ? L":]" : L"}");
        pos_ = close;
    }

    static std::wstring_view general_category(char32_t abbreviation) {
        switch (abbreviation) {
            case 'C':
                return L"Other";
            case 'L':
                return L"Letter";
            case 'M':
                return L"Mark";
            case 'N':
                return L"Number";
            case 'P':
                return L"Punctuation";
            case 'S':
                return L"Symbol";
            case 'Z':
                return L"Separator";
            default:
                return L"?";  // unknown: let Boost reject it
        }
    }

    void emit_class(std::wstring_view members, bool negated) {
        if (in_class_) {
            emit(members);
            return;
        }
        emit(negated ? L"[^" : L"[");
        emit(members);
        emit(']');
    }

    void translate_unicode_escape() {
        if (pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] == '{') {
            char32_t code_point = 0;
            std::size_t i = pos_ + 2;
            for (; i < pattern_.size() && hex_digit(pattern_[i]) >= 0 && code_point <= 0x10FFFFU;
                 ++i) {
                code_point = code_point * 16 + static_cast<char32_t>(hex_digit(pattern_[i]));
            }
            if (i > pos_ + 2 && i < pattern_.size() && pattern_[i] == '}' &&
                code_point <= 0x10FFFFU) {
                append_code_point_escape(out_, code_point);
                pos_ = i;
                return;
            }
        }
        const auto unit = hex4(pos_ + 1);
        if (!unit) {
            emit('u');  // Annex B identity escape
            return;
        }
        pos_ += 4;
        char32_t code_point = *unit;
        if (code_point >= 0xD800U && code_point <= 0xDBFFU && pos_ + 2 < pattern_.size() &&
            pattern_[pos_ + 1] == '\\' && pattern_[pos_ + 2] == 'u') {
            if (const auto low = hex4(pos_ + 3); low && *low >= 0xDC00U && *low <= 0xDFFFU) {
                code_point = 0x10000U + ((code_point - 0xD800U) << 10U) + (*low - 0xDC00U);
                pos_ += 6;
            }
        }
        append_code_point_escape(out_, code_point);
    }

    std::optional<char32_t> hex4(std::size_t start) const {
        if (start + 4 > pattern_.size()) return std::nullopt;
        char32_t value = 0;
        for (std::size_t i = start; i < start + 4; ++i) {
            const int digit = hex_digit(pattern_[i]);
            if (digit < 0) return std::nullopt;
            value = value * 16 + static_cast<char32_t>(digit);
        }
        return value;
    }

    std::u32string pattern_;
    std::wstring out_;
    std::size_t pos_ = 0;
    bool in_class_ = false;
};

struct LoadedModule {
    const plugboard_regex_module* table = nullptr;
    std::string failure;
};

// Where plugboard-regex.so may be: beside an installed daemon (bin/ ->
// lib/plugboard), then in the build tree, for the daemon, tests and
// benchmarks built there.
std::vector<std::string> module_paths() {
    std::vector<std::string> paths;
    std::error_code error;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        paths.push_back(
            (executable.parent_path() / PLUGBOARD_MODULE_DIR_FROM_BIN / PLUGBOARD_REGEX_MODULE_FILE)
                .lexically_normal()
                .string());
    }
    paths.push_back(std::string(PLUGBOARD_BUILD_MODULE_DIR) + "/" + PLUGBOARD_REGEX_MODULE_FILE);
    return paths;
}

LoadedModule load_module() {
    LoadedModule result;
    for (const std::string& path : module_paths()) {
        void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            result.failure += (result.failure.empty() ? "" : "; ") + std::string(::dlerror());
            continue;
        }
        void* entry = ::dlsym(handle, PLUGBOARD_REGEX_MODULE_ENTRY);
        if (!entry) {
            result.failure = path + " has no " + PLUGBOARD_REGEX_MODULE_ENTRY;
            ::dlclose(handle);
            return result;
        }
        result.table = reinterpret_cast<plugboard_regex_module_entry>(entry)();
        return result;
    }
    return result;
}

const LoadedModule& loaded_module() {
    static const LoadedModule loaded = load_module();
    return loaded;
}

const plugboard_regex_module* regex_module(std::string& error) {
    const LoadedModule& module = loaded_module();
    if (!module.table) {
        error = "patterns need " + std::string(PLUGBOARD_REGEX_MODULE_FILE) +
                " (Boost.Regex with ICU), which could not be loaded: " + module.failure;
    }
    return module.table;
}

// Only called for a compiled pattern, so the module is there.
const plugboard_regex_module& regex_module_loaded() {
    return *loaded_module().table;
}

}  // namespace

std::optional<std::wstring> translate_ecma_pattern(std::string_view pattern, std::string& error) {
    std::u32string code_points;
    if (!decode_utf8(pattern, code_points)) {
        error = "pattern is not valid UTF-8";
        return std::nullopt;
    }
    return PatternTranslator(std::move(code_points)).run(error);
}

EcmaRegex::EcmaRegex(std::string source, std::shared_ptr<const void> regex)
    : source_(std::move(source)), regex_(std::move(regex)) {}

std::optional<EcmaRegex> EcmaRegex::compile(std::string_view pattern, std::string& error) {
    auto translated = translate_ecma_pattern(pattern, error);
    if (!translated) return std::nullopt;
    const plugboard_regex_module* module = regex_module(error);
    if (!module) return std::nullopt;
    std::array<char, 512> reason{};
    void* regex =
        module->compile(translated->data(), translated->size(), reason.data(), reason.size());
    if (!regex) {
        error = reason.data();
        return std::nullopt;
    }
    return EcmaRegex(std::string(pattern), std::shared_ptr<const void>(regex, module->destroy));
}

std::optional<bool> EcmaRegex::search(std::string_view utf8) const {
    const int found = regex_module_loaded().search(regex_.get(), utf8.data(), utf8.size());
    if (found < 0) return std::nullopt;
    return found == 1;
}

}  // namespace plugboard::schema::detail
