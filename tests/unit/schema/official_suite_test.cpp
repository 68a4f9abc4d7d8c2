// Runs the official JSON-Schema-Test-Suite (Debian's json-schema-test-suite: draft-04, draft-06
// and draft-07) with one GoogleTest case per suite test. Remote refs to http://localhost:1234/
// are served from the suite's remotes/ folder, meta-schema refs from copies in data/.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace plugboard::schema {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Skip {
    std::string_view label_prefix;  // "<draft>/<file>: <group>: <test>" or a prefix of it
    std::string_view reason;
};

// Everything not run, and why. Labels are "<draft>/<file>: <case>: <test>".
constexpr std::array kSkipped{
    Skip{"draft4/optional/format.json", "format is an annotation only, never asserted"},
    Skip{"draft6/optional/format.json", "format is an annotation only, never asserted"},
    Skip{"draft7/optional/format/", "format is an annotation only, never asserted"},
    Skip{"draft4/optional/zeroTerminatedFloats.json",
         "1.0 is an integer in every dialect, as draft-06 and later define it"},
    Skip{"draft4/optional/ecmascript-regex.json",
         "checks the \"regex\" format, which is an annotation only"},
    Skip{"draft6/optional/ecmascript-regex.json",
         "checks the \"regex\" format, which is an annotation only"},
    Skip{"draft7/optional/ecmascript-regex.json",
         "checks the \"regex\" format, which is an annotation only"},
    Skip{"draft7/optional/content.json: validation of string-encoded content based on media "
         "type: an invalid JSON document",
         "contentMediaType is an annotation only"},
    Skip{"draft7/optional/content.json: validation of binary string-encoding: an invalid "
         "base64 string (% is not a valid character)",
         "contentEncoding is an annotation only"},
    Skip{"draft7/optional/content.json: validation of binary-encoded media type documents: a "
         "validly-encoded invalid JSON document",
         "contentMediaType is an annotation only"},
    Skip{"draft7/optional/content.json: validation of binary-encoded media type documents: an "
         "invalid base64 string that is valid JSON",
         "contentEncoding is an annotation only"},
};

struct Draft {
    std::string_view folder;
    Dialect dialect;
};
constexpr std::array kDrafts{
    Draft{"draft4", Dialect::draft4},
    Draft{"draft6", Dialect::draft6},
    Draft{"draft7", Dialect::draft7},
};

struct SuiteCase {
    std::string name;   // GoogleTest-safe
    std::string label;  // human readable, matched against kSkipped
    Dialect dialect = Dialect::draft7;
    std::shared_ptr<const json::value> schema;
    std::string instance;
    bool valid = false;
    std::string skip_reason;
};

// Keeps GoogleTest from dumping the struct's bytes when a case fails.
void PrintTo(const SuiteCase& suite_case, std::ostream* out) {
    *out << suite_case.label;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string test_name(std::string_view label) {
    std::string name;
    for (const char c : label) {
        const bool keep =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (keep) {
            name.push_back(c);
        } else if (!name.empty() && name.back() != '_') {
            name.push_back('_');
        }
    }
    while (!name.empty() && name.back() == '_')
        name.pop_back();
    return name;
}

std::string skip_reason(std::string_view label) {
    for (const auto& skip : kSkipped) {
        if (label.starts_with(skip.label_prefix)) return std::string(skip.reason);
    }
    return {};
}

std::vector<SuiteCase> load_suite() {
    std::vector<SuiteCase> cases;
#ifdef PLUGBOARD_JSON_SCHEMA_TEST_SUITE_DIR
    const fs::path tests = fs::path(PLUGBOARD_JSON_SCHEMA_TEST_SUITE_DIR) / "tests";
    std::map<std::string, int> name_uses;
    for (const auto& draft : kDrafts) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(tests / draft.folder)) {
            if (entry.is_regular_file() && entry.path().extension() == ".json") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            const std::string relative = fs::relative(file, tests).generic_string();
            const json::value document = json::parse(read_file(file));
            for (const auto& group : document.as_array()) {
                const auto schema = std::make_shared<const json::value>(group.at("schema"));
                const std::string group_label =
                    relative + ": " + std::string(group.at("description").as_string());
                for (const auto& test : group.at("tests").as_array()) {
                    SuiteCase suite_case;
                    suite_case.label =
                        group_label + ": " + std::string(test.at("description").as_string());
                    suite_case.name = test_name(suite_case.label);
                    if (const int uses = name_uses[suite_case.name]++; uses > 0) {
                        suite_case.name += "_" + std::to_string(uses + 1);
                    }
                    suite_case.dialect = draft.dialect;
                    suite_case.schema = schema;
                    suite_case.instance = json::serialize(test.at("data"));
                    suite_case.valid = test.at("valid").as_bool();
                    suite_case.skip_reason = skip_reason(suite_case.label);
                    cases.push_back(std::move(suite_case));
                }
            }
        }
    }
#endif
    return cases;
}

std::optional<json::value> load_remote(std::string_view uri) {
#ifdef PLUGBOARD_JSON_SCHEMA_TEST_SUITE_DIR
    constexpr std::string_view kRemoteBase = "http://localhost:1234/";
    if (uri.starts_with(kRemoteBase)) {
        const fs::path file = fs::path(PLUGBOARD_JSON_SCHEMA_TEST_SUITE_DIR) / "remotes" /
                              std::string(uri.substr(kRemoteBase.size()));
        if (fs::is_regular_file(file)) return json::parse(read_file(file));
    }
#endif
    for (const std::string_view draft : {"draft-04", "draft-06", "draft-07"}) {
        if (uri == "http://json-schema.org/" + std::string(draft) + "/schema") {
            return json::parse(read_file(fs::path(PLUGBOARD_SCHEMA_TEST_DATA_DIR) /
                                         (std::string(draft) + "-schema.json")));
        }
    }
    return std::nullopt;
}

class OfficialSuite : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(OfficialSuite, Case) {
    const SuiteCase& suite_case = GetParam();
    if (!suite_case.skip_reason.empty()) GTEST_SKIP() << suite_case.skip_reason;
    CompileOptions options;
    options.default_dialect = suite_case.dialect;
    options.load_document = load_remote;
    std::string error;
    const auto validator = Validator::compile(*suite_case.schema, error, options);
    ASSERT_NE(validator, nullptr) << suite_case.label << "\nschema refused: " << error;

    const test_support::ParsedInstance instance(suite_case.instance);
    const auto context = [&] {
        return suite_case.label + "\nschema: " + json::serialize(*suite_case.schema) +
               "\ninstance: " + suite_case.instance;
    };
    EXPECT_EQ(validator->is_valid(instance.root()), suite_case.valid) << context();
    const auto errors = validator->validate(instance.root());
    EXPECT_EQ(errors.empty(), suite_case.valid) << context();
}

std::string case_name(const ::testing::TestParamInfo<SuiteCase>& case_info) {
    return case_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(JsonSchemaTestSuite, OfficialSuite, ::testing::ValuesIn(load_suite()),
                         case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OfficialSuite);

TEST(OfficialSuiteAvailability, SuiteIsInstalled) {
#ifndef PLUGBOARD_JSON_SCHEMA_TEST_SUITE_DIR
    GTEST_SKIP() << "json-schema-test-suite is not installed; the official suite was not run";
#else
    EXPECT_FALSE(load_suite().empty());
#endif
}

}  // namespace
}  // namespace plugboard::schema
