// JSON Schema validation of tool arguments (2020-12 by default, draft-04/06/07 and 2019-09 by
// `$schema`). A schema is compiled once from Boost.JSON; instances are simdjson DOM elements so
// the daemon can validate the request it already parsed without building another DOM.
#pragma once

#include <simdjson.h>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plugboard::schema {

struct ValidationError {
    std::string instance_path;  // JSON Pointer of the offending value, "" = root
    std::string message;        // self-contained, starts with the location: "/age: 17 is less..."
};

enum class Dialect {
    draft4,
    draft6,
    draft7,
    draft2019_09,
    draft2020_12,
};

// The dialect named by a `$schema` URI, or nullopt when it is not supported.
std::optional<Dialect> dialect_from_uri(std::string_view schema_uri);

struct CompileOptions {
    // Used when the root schema has no `$schema`.
    Dialect default_dialect = Dialect::draft2020_12;
    // Supplies the document for a `$ref` to an absolute URI (without fragment) that the schema
    // does not contain. Unset, such refs fail compilation: nothing is fetched from the network.
    std::function<std::optional<boost::json::value>(std::string_view uri)> load_document;
    // Bounds a hostile schema or instance: compiled subschemas, and nested subschema
    // evaluations at run time (each level takes up to about 1 KiB of the caller's stack).
    std::size_t max_subschemas = 100'000;
    std::size_t max_evaluation_depth = 512;
};

namespace detail {
struct CompiledSchema;
}

class Validator {
  public:
    // Compiles once. Returns nullptr and sets `error` when the schema itself is unusable (not an
    // object/bool, unsupported `$schema`, malformed keyword, bad regex, unresolvable $ref, ...).
    static std::shared_ptr<const Validator> compile(const boost::json::value& schema,
                                                    std::string& error);
    static std::shared_ptr<const Validator> compile(const boost::json::value& schema,
                                                    std::string& error,
                                                    const CompileOptions& options);

    // Validates an instance. Thread-safe (const), no global state. Returns at most `max_errors`
    // errors (at least one when invalid); empty = valid.
    std::vector<ValidationError> validate(simdjson::dom::element instance,
                                          std::size_t max_errors = 8) const;
    bool is_valid(simdjson::dom::element instance) const;

    Dialect dialect() const noexcept;

    ~Validator();
    Validator(const Validator&) = delete;
    Validator& operator=(const Validator&) = delete;

  private:
    explicit Validator(std::unique_ptr<const detail::CompiledSchema> compiled);

    std::unique_ptr<const detail::CompiledSchema> compiled_;
};

}  // namespace plugboard::schema
