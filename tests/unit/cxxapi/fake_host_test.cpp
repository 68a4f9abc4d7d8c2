// The fake host itself: it must catch what a careless plugin does, so these
// plugins are written against the raw C ABI, without the C++ layer's guards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <plugboard/plugin.h>
#include <plugboard/testing/fake_host.hpp>

#include <chrono>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using plugboard::testing::FakeHost;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const pb_host_api* api = nullptr;
constexpr std::string_view kOk = R"({"content":[]})";

void complete_ok(pb_call* call) {
    api->complete(call, PB_OK, kOk.data(), kOk.size());
}

void twice(void*, pb_call* call, const pb_request*) {
    complete_ok(call);
    complete_ok(call);
}

void never(void*, pb_call*, const pb_request*) {}

void not_an_object(void*, pb_call* call, const pb_request*) {
    api->complete(call, PB_OK, "[1]", 3);
}

void unknown_status(void*, pb_call* call, const pb_request*) {
    api->complete(call, 42, "?", 1);
}

void progress_after_completion(void*, pb_call* call, const pb_request*) {
    complete_ok(call);
    api->progress(call, 1, -1, nullptr);
}

void progress_backwards(void*, pb_call* call, const pb_request*) {
    api->progress(call, 2, 10, "two");
    api->progress(call, 1, 10, "one");
    api->progress(call, 2, 10, "two again");
    api->progress(call, 3, 10, "three");
    complete_ok(call);
}

// Completes from the cancel callback, which the ABI forbids.
void complete_on_cancel(void*, pb_call* call, const pb_request*) {
    api->on_cancel(
        call, [](void*, pb_call* cancelled) { complete_ok(cancelled); }, nullptr);
    api->progress(call, 1, -1, nullptr);
}

// Echoes the request the host built.
void echo_request(void*, pb_call* call, const pb_request* request) {
    const json result = {
        {"content", json::array()},
        {"structuredContent",
         {{"method", request->method},
          {"kind", request->item_kind},
          {"params", json::parse(std::string_view(request->params_json, request->params_len))},
          {"uri", request->uri == nullptr ? "" : std::string(request->uri, request->uri_len)},
          {"variables", request->variables_json == nullptr
                            ? ""
                            : std::string(request->variables_json, request->variables_len)}}}};
    const std::string text = result.dump();
    api->complete(call, PB_OK, text.data(), text.size());
}

int32_t register_one(pb_host* host, uint32_t kind, const std::string& definition,
                     pb_handler_fn handler, uint32_t reserved = 0) {
    pb_item item{};
    item.struct_size = sizeof item;
    item.kind = kind;
    item.definition_json = definition.data();
    item.definition_len = definition.size();
    item.handler = handler;
    item.reserved = reserved;
    char error[256];
    return api->register_item(host, &item, error, sizeof error);
}

std::string tool(const char* name) {
    return json{{"name", name}, {"inputSchema", {{"type", "object"}}}}.dump();
}

int32_t init_careless(pb_host* host, const pb_host_api* host_api, const char*, size_t, void**,
                      char*, size_t) {
    api = host_api;
    const std::vector<std::pair<const char*, pb_handler_fn>> tools = {
        {"twice", twice},
        {"never", never},
        {"not_an_object", not_an_object},
        {"unknown_status", unknown_status},
        {"progress_after_completion", progress_after_completion},
        {"progress_backwards", progress_backwards},
        {"complete_on_cancel", complete_on_cancel},
        {"echo_request", echo_request},
    };
    for (const auto& [name, handler] : tools)
        register_one(host, PB_ITEM_TOOL, tool(name), handler);
    register_one(host, PB_ITEM_RESOURCE_TEMPLATE, R"({"uriTemplate":"notes://{id}","name":"note"})",
                 echo_request);
    register_one(host, PB_ITEM_RESOURCE, R"({"uri":"static://listed","name":"listed"})", nullptr);
    return PB_OK;
}

constexpr pb_plugin kCareless = {
    sizeof(pb_plugin), PB_ABI_MAJOR, PB_ABI_MINOR, "careless", "1", nullptr, PB_PLUGIN_FLAG_NONE, 0,
    init_careless,     nullptr};

const pb_plugin* careless_entry(uint16_t, uint16_t) {
    return &kCareless;
}

class FakeHostChecks : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(host.load(&careless_entry).ok());
        host.set_timeout(200ms);
    }

    FakeHost host;
};

TEST_F(FakeHostChecks, ReportsADoubleCompletionAndKeepsTheFirst) {
    const auto result = host.call_tool("twice");
    EXPECT_EQ(result.status, PB_OK);
    host.unload();
    EXPECT_THAT(host.violations(), ElementsAre("tools/call twice: completed more than once"));
}

TEST_F(FakeHostChecks, ReportsAForgottenCompletionAndCancelsTheCall) {
    const auto result = host.call_tool("never");
    EXPECT_FALSE(result.completed);
    EXPECT_THAT(result.failures, ElementsAre("not completed within 200 ms"));
    host.unload();
    EXPECT_THAT(host.violations(), ElementsAre("tools/call never: not completed within 200 ms",
                                               "tools/call never: never completed"));
}

TEST_F(FakeHostChecks, ReportsMalformedResults) {
    EXPECT_THAT(host.call_tool("not_an_object").failures,
                ElementsAre("completed with a result that is not a JSON object: [1]"));
    EXPECT_THAT(host.call_tool("unknown_status").failures,
                ElementsAre("completed with unknown status 42"));
}

TEST_F(FakeHostChecks, ReportsProgressAfterCompletion) {
    host.call_tool("progress_after_completion");
    host.unload();
    EXPECT_THAT(
        host.violations(),
        ElementsAre("tools/call progress_after_completion: reported progress after completion"));
}

TEST_F(FakeHostChecks, DropsProgressThatDoesNotIncrease) {
    const auto result = host.call_tool("progress_backwards");
    ASSERT_EQ(result.progress.size(), 2u);
    EXPECT_EQ(result.progress[0].message, "two");
    EXPECT_EQ(result.progress[1].message, "three");
    EXPECT_THAT(result.failures, IsEmpty());
}

TEST_F(FakeHostChecks, ReportsACompletionFromTheCancelCallback) {
    const auto call = host.start_tool("complete_on_cancel");
    ASSERT_TRUE(call.wait_for_progress(1, 5s));
    host.cancel(call);
    const auto result = call.wait(5s);
    EXPECT_TRUE(result.completed);
    EXPECT_THAT(result.failures, ElementsAre("completed from inside its cancel callback"));
}

TEST_F(FakeHostChecks, BuildsRequestsLikeTheDaemon) {
    const auto tool_call = host.call_tool("echo_request", R"({"x":1})").json["structuredContent"];
    EXPECT_EQ(tool_call["method"], "tools/call");
    EXPECT_EQ(tool_call["kind"], PB_ITEM_TOOL);
    EXPECT_EQ(tool_call["params"]["name"], "echo_request");
    EXPECT_EQ(tool_call["params"]["arguments"], json::parse(R"({"x":1})"));
    EXPECT_TRUE(tool_call["params"]["_meta"].contains("progressToken"));

    const auto read = host.read_template("notes://{id}", R"({"id":"7"})").json["structuredContent"];
    EXPECT_EQ(read["method"], "resources/read");
    EXPECT_EQ(read["kind"], PB_ITEM_RESOURCE_TEMPLATE);
    EXPECT_EQ(read["uri"], "notes://7");
    EXPECT_EQ(read["params"], json::parse(R"({"uri":"notes://7"})"));
    EXPECT_EQ(json::parse(read["variables"].get<std::string>()), json::parse(R"({"id":"7"})"));

    const auto explicit_uri = host.read_template("notes://{id}", R"({"id":"7"})", "notes://7?x")
                                  .json["structuredContent"];
    EXPECT_EQ(explicit_uri["uri"], "notes://7?x");
}

TEST_F(FakeHostChecks, AnswersForMissingItemsItself) {
    const auto missing = host.call_tool("nope");
    EXPECT_EQ(missing.status, PB_ERR_NOT_FOUND);
    EXPECT_EQ(missing.message, "FakeHost: nothing serves tools/call nope");
    EXPECT_EQ(host.read_resource("static://listed").status, PB_ERR_NOT_FOUND);
    EXPECT_EQ(host.read_template("notes://{other}", "{}").status, PB_ERR_NOT_FOUND);
    EXPECT_THAT(host.violations(), IsEmpty());
}

// ---- register_item checks ---------------------------------------------------

struct Attempt {
    int32_t status;
    std::string error;
};
std::vector<Attempt> attempts;

int32_t init_registering_badly(pb_host* host, const pb_host_api* host_api, const char*, size_t,
                               void**, char* error_buf, size_t error_cap) {
    api = host_api;
    auto attempt = [&](pb_item item) {
        char error[256] = {};
        attempts.push_back({api->register_item(host, &item, error, sizeof error), error});
    };
    const std::string valid = tool("valid");
    auto item = [&](uint32_t kind, const std::string& definition, pb_handler_fn handler) {
        pb_item made{};
        made.struct_size = sizeof made;
        made.kind = kind;
        made.definition_json = definition.data();
        made.definition_len = definition.size();
        made.handler = handler;
        return made;
    };
    attempt(item(PB_ITEM_TOOL, valid, never));
    attempt(item(PB_ITEM_TOOL, valid, never));
    attempt(item(9, valid, never));
    pb_item reserved = item(PB_ITEM_TOOL, tool("reserved"), never);
    reserved.reserved = 1;
    attempt(reserved);
    pb_item small = item(PB_ITEM_TOOL, tool("small"), never);
    small.struct_size = 8;
    attempt(small);
    attempt(item(PB_ITEM_TOOL, tool("no_handler"), nullptr));
    attempt(item(PB_ITEM_TOOL, "{not json", never));
    attempt(item(PB_ITEM_TOOL, R"({"name":"schemaless"})", never));
    attempt(item(PB_ITEM_PROMPT, R"({"description":"nameless"})", never));
    attempt(item(PB_ITEM_COMPLETION, R"({"ref":{"type":"ref/other","name":"x"}})", never));
    std::strncpy(error_buf, "refusing on purpose", error_cap);
    return PB_ERR_INVALID_PARAMS;
}

constexpr pb_plugin kBadRegistrar = {sizeof(pb_plugin),
                                     PB_ABI_MAJOR,
                                     PB_ABI_MINOR,
                                     "bad_registrar",
                                     "1",
                                     nullptr,
                                     PB_PLUGIN_FLAG_NONE,
                                     0,
                                     init_registering_badly,
                                     nullptr};

const pb_plugin* bad_registrar_entry(uint16_t, uint16_t) {
    return &kBadRegistrar;
}

TEST(FakeHostRegistration, ValidatesItemsLikeTheDaemon) {
    FakeHost host;
    attempts.clear();
    const auto loaded = host.load(&bad_registrar_entry);
    EXPECT_EQ(loaded.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(loaded.error, "refusing on purpose");
    ASSERT_EQ(attempts.size(), 10u);
    EXPECT_EQ(attempts[0].status, PB_OK);
    EXPECT_EQ(attempts[1].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[1].error, "'valid' is already registered");
    EXPECT_EQ(attempts[2].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[2].error, "unknown item kind 9");
    EXPECT_EQ(attempts[3].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[3].error, "reserved is not 0");
    EXPECT_EQ(attempts[4].status, PB_ERR_BAD_ARGUMENT);
    EXPECT_EQ(attempts[5].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[5].error, "the item has no handler");
    EXPECT_EQ(attempts[6].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[7].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[7].error, "a tool needs an inputSchema of type object");
    EXPECT_EQ(attempts[8].status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(attempts[9].status, PB_ERR_INVALID_PARAMS);
    // A failed init drops what it registered.
    EXPECT_THAT(host.definitions(PB_ITEM_TOOL), IsEmpty());
}

// ---- descriptor checks ------------------------------------------------------

constexpr pb_plugin kBadName = {
    sizeof(pb_plugin), PB_ABI_MAJOR, PB_ABI_MINOR, "bad name", "1", nullptr, PB_PLUGIN_FLAG_NONE, 0,
    init_careless,     nullptr};

TEST(FakeHostDescriptor, RefusesABadDescriptor) {
    FakeHost host;
    const auto loaded = host.load([](uint16_t, uint16_t) { return &kBadName; });
    EXPECT_EQ(loaded.status, PB_ERR_UNSUPPORTED);
    EXPECT_EQ(loaded.error, "name is not [A-Za-z0-9_-]+");
    EXPECT_THAT(host.violations(), ElementsAre("descriptor: name is not [A-Za-z0-9_-]+"));
}

TEST(FakeHostDescriptor, ReportsARefusingEntry) {
    FakeHost host;
    const auto loaded = host.load([](uint16_t, uint16_t) -> const pb_plugin* { return nullptr; });
    EXPECT_EQ(loaded.status, PB_ERR_UNSUPPORTED);
    EXPECT_EQ(loaded.error, "the plugin refused host ABI 1.0");
}

}  // namespace
