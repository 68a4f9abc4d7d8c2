#include "json/json_writer.hpp"
#include "uri/uri_template.hpp"

namespace plugboard::uri {

std::string variables_to_json(const Variables& vars) {
    std::string out = "{";
    for (const auto& [name, value] : vars) {
        if (out.size() > 1) out += ',';
        json::append_string(out, name);
        out += ':';
        if (const auto* text = std::get_if<std::string>(&value)) {
            json::append_string(out, *text);
            continue;
        }
        out += '[';
        const auto& items = std::get<std::vector<std::string>>(value);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += ',';
            json::append_string(out, items[i]);
        }
        out += ']';
    }
    out += '}';
    return out;
}

}  // namespace plugboard::uri
