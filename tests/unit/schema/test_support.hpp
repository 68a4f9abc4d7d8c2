// Helpers shared by the schema tests: JSON text in, compiled validators and simdjson elements out.
#pragma once

#include "schema/json_schema.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <boost/json/parse.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace plugboard::schema::test_support {

// Owns the simdjson parser that an element points into.
class ParsedInstance {
  public:
    explicit ParsedInstance(std::string_view json) : text_(json) {
        const auto result = parser_.parse(text_);
        EXPECT_FALSE(result.error()) << "instance is not JSON: " << json;
        if (!result.error()) root_ = result.value_unsafe();
    }
    ParsedInstance(const ParsedInstance&) = delete;
    ParsedInstance& operator=(const ParsedInstance&) = delete;

    simdjson::dom::element root() const { return root_; }

  private:
    std::string text_;
    simdjson::dom::parser parser_;
    simdjson::dom::element root_;
};

inline std::shared_ptr<const Validator> compile_json(std::string_view schema_json,
                                                     const CompileOptions& options = {}) {
    std::string error;
    auto validator = Validator::compile(boost::json::parse(schema_json), error, options);
    EXPECT_NE(validator, nullptr) << "schema refused: " << error;
    return validator;
}

inline std::string compile_error(std::string_view schema_json) {
    std::string error;
    const auto validator = Validator::compile(boost::json::parse(schema_json), error);
    EXPECT_EQ(validator, nullptr) << "schema unexpectedly compiled: " << schema_json;
    return error;
}

inline bool accepts(const Validator& validator, std::string_view instance_json) {
    const ParsedInstance instance(instance_json);
    const bool valid = validator.is_valid(instance.root());
    EXPECT_EQ(valid, validator.validate(instance.root()).empty())
        << "is_valid and validate disagree on " << instance_json;
    return valid;
}

inline std::vector<std::string> messages(const Validator& validator, std::string_view instance_json,
                                         std::size_t max_errors = 8) {
    const ParsedInstance instance(instance_json);
    std::vector<std::string> result;
    for (const auto& error : validator.validate(instance.root(), max_errors)) {
        result.push_back(error.message);
    }
    return result;
}

}  // namespace plugboard::schema::test_support
