#include "schema/json_schema.hpp"

#include "schema/compiled_schema.hpp"
#include "schema/evaluator.hpp"
#include "schema/schema_compiler.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace plugboard::schema {

std::optional<Dialect> dialect_from_uri(std::string_view schema_uri) {
    if (schema_uri.ends_with('#')) schema_uri.remove_suffix(1);
    if (schema_uri.starts_with("https://")) {
        schema_uri.remove_prefix(8);
    } else if (schema_uri.starts_with("http://")) {
        schema_uri.remove_prefix(7);
    } else {
        return std::nullopt;
    }
    static constexpr std::array<std::pair<std::string_view, Dialect>, 5> kKnown{{
        {"json-schema.org/draft/2020-12/schema", Dialect::draft2020_12},
        {"json-schema.org/draft/2019-09/schema", Dialect::draft2019_09},
        {"json-schema.org/draft-07/schema", Dialect::draft7},
        {"json-schema.org/draft-06/schema", Dialect::draft6},
        {"json-schema.org/draft-04/schema", Dialect::draft4},
    }};
    for (const auto& [uri, dialect] : kKnown) {
        if (schema_uri == uri) return dialect;
    }
    return std::nullopt;
}

Validator::Validator(std::unique_ptr<const detail::CompiledSchema> compiled)
    : compiled_(std::move(compiled)) {}

Validator::~Validator() = default;

std::shared_ptr<const Validator> Validator::compile(const boost::json::value& schema,
                                                    std::string& error) {
    return compile(schema, error, CompileOptions{});
}

std::shared_ptr<const Validator> Validator::compile(const boost::json::value& schema,
                                                    std::string& error,
                                                    const CompileOptions& options) {
    auto compiled = detail::compile_schema(schema, options, error);
    if (!compiled) return nullptr;
    return std::shared_ptr<const Validator>(new Validator(std::move(compiled)));
}

std::vector<ValidationError> Validator::validate(simdjson::dom::element instance,
                                                 std::size_t max_errors) const {
    std::vector<ValidationError> errors;
    // An empty result means "valid", so even a zero budget reports one error.
    max_errors = std::max<std::size_t>(max_errors, 1);
    // A verdict-only pass first keeps the common, valid case free of error bookkeeping.
    if (is_valid(instance)) return errors;
    detail::Evaluator(*compiled_, &errors, max_errors).evaluate_root(instance);
    for (auto& error : errors) {
        error.message = (error.instance_path.empty() ? std::string("/") : error.instance_path) +
                        ": " + error.message;
    }
    return errors;
}

bool Validator::is_valid(simdjson::dom::element instance) const {
    return detail::Evaluator(*compiled_, nullptr, 0).evaluate_root(instance);
}

Dialect Validator::dialect() const noexcept {
    return compiled_->dialect;
}

}  // namespace plugboard::schema
