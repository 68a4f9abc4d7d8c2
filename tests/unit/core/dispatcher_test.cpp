// The dispatcher on its own: listing, lookups and argument checks that are
// answered at once, and what started plugin calls receive.
#include "dispatch/dispatcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>

#include "protocol/errors.hpp"
#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using dispatch::Outcome;
using registry::ItemKind;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class DispatcherTest : public ::testing::Test {
  protected:
    // Dispatches with `params` and waits for the answer of a started call.
    Outcome dispatch(dispatch::Dispatcher& dispatcher, std::string_view method,
                     std::string_view params = "{}",
                     protocol::Revision revision = protocol::kLatestRevision) {
        const simdjson::padded_string text(params);
        dispatch::RequestContext context;
        context.revision = revision;
        context.params = params;
        context.params_dom = parser_.parse(text).value();
        // Shared, so a call answering after a timed-out wait writes nothing freed.
        struct Answer {
            std::mutex mutex;
            std::condition_variable ready;
            std::optional<Outcome> outcome;
        };
        auto answer = std::make_shared<Answer>();
        auto dispatched = dispatcher.dispatch(method, context, [answer](Outcome outcome) {
            std::lock_guard lock(answer->mutex);
            answer->outcome = std::move(outcome);
            answer->ready.notify_all();
        });
        if (auto* outcome = std::get_if<Outcome>(&dispatched)) return *outcome;
        std::unique_lock lock(answer->mutex);
        if (!answer->ready.wait_for(lock, std::chrono::seconds(2),
                                    [&] { return answer->outcome.has_value(); })) {
            ADD_FAILURE() << method << " was never answered";
            return Outcome::failure(0, "no answer");
        }
        return *answer->outcome;
    }
    Outcome dispatch(std::string_view method, std::string_view params = "{}",
                     protocol::Revision revision = protocol::kLatestRevision) {
        return dispatch(harness_.dispatcher, method, params, revision);
    }
    // The echo a started call answered with.
    bj::value echo(std::string_view method, std::string_view params) {
        const Outcome outcome = dispatch(method, params);
        EXPECT_TRUE(outcome.ok()) << outcome.code << " " << outcome.message;
        return outcome.ok() ? bj::parse(outcome.result).at("echo") : bj::value();
    }

    simdjson::dom::parser parser_;
    SessionHarness harness_;
};

TEST_F(DispatcherTest, ListsPageByPage) {
    for (const char* name : {"c", "a", "b"})
        harness_.add_tool(name, echo_handler);
    dispatch::Dispatcher small_pages(harness_.registry, harness_.host, 2);

    const Outcome first = dispatch(small_pages, "tools/list");
    ASSERT_TRUE(first.ok());
    const bj::value first_page = bj::parse(first.result);
    ASSERT_EQ(first_page.at("tools").as_array().size(), 2u);
    EXPECT_EQ(first_page.at("tools").at(0).at("name"), "a");
    EXPECT_EQ(first_page.at("tools").at(1).at("name"), "b");
    const std::string cursor(first_page.at("nextCursor").as_string());

    const Outcome second = dispatch(small_pages, "tools/list", R"({"cursor":")" + cursor + R"("})");
    ASSERT_TRUE(second.ok());
    const bj::value second_page = bj::parse(second.result);
    ASSERT_EQ(second_page.at("tools").as_array().size(), 1u);
    EXPECT_EQ(second_page.at("tools").at(0).at("name"), "c");
    EXPECT_FALSE(second_page.as_object().contains("nextCursor"));

    EXPECT_TRUE(dispatch(small_pages, "tools/list", R"({"cursor":null})").ok());
}

TEST_F(DispatcherTest, RefusesBadCursors) {
    const Outcome foreign = dispatch("prompts/list", R"({"cursor":"aGVsbG8"})");
    EXPECT_EQ(foreign.code, protocol::kInvalidParams);
    EXPECT_EQ(foreign.message, "Invalid cursor");
    EXPECT_EQ(dispatch("resources/list", R"({"cursor":3})").code, protocol::kInvalidParams);
}

TEST_F(DispatcherTest, ListsEachKindUnderItsMember) {
    EXPECT_EQ(bj::parse(dispatch("resources/list").result), bj::parse(R"({"resources":[]})"));
    EXPECT_EQ(bj::parse(dispatch("resources/templates/list").result),
              bj::parse(R"({"resourceTemplates":[]})"));
    EXPECT_EQ(bj::parse(dispatch("prompts/list").result), bj::parse(R"({"prompts":[]})"));
}

TEST_F(DispatcherTest, AnnouncesWhatPluginsOffer) {
    EXPECT_EQ(bj::parse(harness_.dispatcher.capabilities().to_json()),
              bj::parse(R"({"logging":{}})"));
    harness_.add(ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}","name":"a"})",
                 echo_handler);
    harness_.add(ItemKind::Prompt, R"({"name":"p"})", echo_handler);
    harness_.add(ItemKind::Completion, R"({"ref":{"type":"ref/prompt","name":"p"}})", echo_handler);
    EXPECT_EQ(bj::parse(harness_.dispatcher.capabilities().to_json()), bj::parse(R"({
        "resources":{"subscribe":true,"listChanged":true},
        "prompts":{"listChanged":true},
        "completions":{},
        "logging":{}})"));
}

TEST_F(DispatcherTest, ChecksTheToolsCallShape) {
    harness_.add_tool("echo", echo_handler);
    EXPECT_EQ(dispatch("tools/call", "{}").message, R"(tools/call needs a string "name")");
    EXPECT_EQ(dispatch("tools/call", R"({"name":1})").code, protocol::kInvalidParams);
    EXPECT_EQ(dispatch("tools/call", R"({"name":"echo","arguments":[1]})").message,
              R"(tools/call "arguments" must be an object)");
    EXPECT_EQ(echo("tools/call", R"({"name":"echo","arguments":null})").at("arguments"),
              bj::object{});
    EXPECT_EQ(dispatch("no/such").code, protocol::kMethodNotFound);
}

TEST_F(DispatcherTest, ReadsAResourceByUri) {
    harness_.add(ItemKind::Resource, R"({"uri":"file:///a.txt","name":"a"})", echo_handler);
    const bj::value request = echo("resources/read", R"({"uri":"file:///a.txt"})");
    EXPECT_EQ(request.at("kind"), PB_ITEM_RESOURCE);
    EXPECT_EQ(request.at("method"), "resources/read");
    EXPECT_EQ(request.at("uri"), "file:///a.txt");
    EXPECT_TRUE(request.at("variables").is_null());
    EXPECT_TRUE(request.at("arguments").is_null());
}

TEST_F(DispatcherTest, ReadsThroughATemplateWithItsVariables) {
    harness_.add(ItemKind::ResourceTemplate,
                 R"({"uriTemplate":"users://{id}/posts{?tag*}","name":"posts"})", echo_handler);
    const bj::value request =
        echo("resources/read", R"({"uri":"users://42/posts?tag=a&tag=b%20c"})");
    EXPECT_EQ(request.at("kind"), PB_ITEM_RESOURCE_TEMPLATE);
    EXPECT_EQ(request.at("uri"), "users://42/posts?tag=a&tag=b%20c");
    EXPECT_EQ(request.at("variables"), bj::parse(R"({"id":"42","tag":["a","b c"]})"));
}

TEST_F(DispatcherTest, UnknownResourceIsResourceNotFound) {
    const Outcome missing = dispatch("resources/read", R"({"uri":"file:///\"x\""})");
    EXPECT_EQ(missing.code, protocol::kResourceNotFound);
    EXPECT_EQ(missing.message, R"(Resource not found: file:///"x")");
    EXPECT_EQ(bj::parse(missing.data), bj::parse(R"({"uri":"file:///\"x\""})"));
    EXPECT_EQ(dispatch("resources/read", "{}").code, protocol::kInvalidParams);
}

TEST_F(DispatcherTest, ChecksPromptArguments) {
    harness_.add(ItemKind::Prompt,
                 R"({"name":"greet","arguments":[{"name":"who","required":true},{"name":"tone"}]})",
                 echo_handler);
    EXPECT_EQ(dispatch("prompts/get", R"({"name":"greet"})").message,
              R"(Missing required argument "who" for prompt greet)");
    EXPECT_EQ(dispatch("prompts/get", R"({"name":"greet","arguments":{"tone":"dry"}})").code,
              protocol::kInvalidParams);
    EXPECT_EQ(dispatch("prompts/get", R"({"name":"greet","arguments":{"who":3}})").message,
              R"(prompt argument "who" must be a string)");
    EXPECT_EQ(dispatch("prompts/get", R"({"name":"nope"})").message, "Unknown prompt: nope");

    const bj::value request = echo("prompts/get", R"({"name":"greet","arguments":{"who":"Ada"}})");
    EXPECT_EQ(request.at("method"), "prompts/get");
    EXPECT_EQ(request.at("arguments"), bj::parse(R"({"who":"Ada"})"));
}

TEST_F(DispatcherTest, RoutesCompletionToItsProvider) {
    harness_.add(ItemKind::Prompt, R"({"name":"greet"})", echo_handler);
    harness_.add(ItemKind::Prompt, R"({"name":"plain"})", echo_handler);
    harness_.add(ItemKind::Completion, R"({"ref":{"type":"ref/prompt","name":"greet"}})",
                 echo_handler);

    const bj::value request = echo(
        "completion/complete",
        R"({"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"who","value":"A"}})");
    EXPECT_EQ(request.at("kind"), PB_ITEM_COMPLETION);
    EXPECT_EQ(request.at("method"), "completion/complete");
    EXPECT_EQ(request.at("arguments"), bj::parse(R"({"name":"who","value":"A"})"));

    const Outcome no_provider = dispatch(
        "completion/complete",
        R"({"ref":{"type":"ref/prompt","name":"plain"},"argument":{"name":"x","value":""}})");
    ASSERT_TRUE(no_provider.ok());
    EXPECT_EQ(bj::parse(no_provider.result),
              bj::parse(R"({"completion":{"values":[],"total":0,"hasMore":false}})"));

    const Outcome unknown = dispatch(
        "completion/complete",
        R"({"ref":{"type":"ref/prompt","name":"ghost"},"argument":{"name":"x","value":""}})");
    EXPECT_EQ(unknown.code, protocol::kInvalidParams);
    EXPECT_EQ(unknown.message, "Unknown reference: ghost");
    EXPECT_EQ(
        dispatch("completion/complete", R"({"ref":{"type":"ref/prompt","name":"greet"}})").code,
        protocol::kInvalidParams);
    EXPECT_THAT(
        dispatch("completion/complete",
                 R"({"ref":{"type":"ref/tool","name":"greet"},"argument":{"name":"x","value":""}})")
            .message,
        HasSubstr("completion ref must be"));
}

TEST_F(DispatcherTest, ChecksStructuredContentAgainstTheOutputSchema) {
    harness_.add(ItemKind::Tool, R"({"name":"count","inputSchema":{"type":"object"},
        "outputSchema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}})",
                 canned_result_handler);
    harness_.probe.canned_result = R"({"content":[],"structuredContent":{"n":1}})";
    EXPECT_TRUE(dispatch("tools/call", R"({"name":"count"})").ok());

    harness_.probe.canned_result = R"({"content":[],"structuredContent":{"n":"one"}})";
    const Outcome mismatch = dispatch("tools/call", R"({"name":"count"})");
    EXPECT_EQ(mismatch.code, protocol::kInternalError);
    EXPECT_THAT(mismatch.message,
                StartsWith("The tool's structuredContent does not match its outputSchema: /n"));

    harness_.probe.canned_result = R"({"content":[]})";
    const Outcome missing = dispatch("tools/call", R"({"name":"count"})");
    EXPECT_EQ(missing.code, protocol::kInternalError);
    EXPECT_EQ(missing.message, "The tool returned no structuredContent");

    // A tool error need not match.
    harness_.probe.canned_result =
        R"({"content":[{"type":"text","text":"failed"}],"isError":true})";
    EXPECT_TRUE(dispatch("tools/call", R"({"name":"count"})").ok());
}

TEST_F(DispatcherTest, AdaptsToolContentToTheRevision) {
    harness_.add_tool("speak", canned_result_handler);
    harness_.probe.canned_result =
        R"({"content":[{"type":"audio","data":"AAAA","mimeType":"audio/wav"}]})";
    const auto first_type = [&](protocol::Revision revision) {
        const Outcome outcome = dispatch("tools/call", R"({"name":"speak"})", revision);
        return bj::parse(outcome.result).at("content").at(0).at("type");
    };
    EXPECT_EQ(first_type(protocol::Revision::V2024_11_05), "text");
    EXPECT_EQ(first_type(protocol::Revision::V2025_03_26), "audio");
}

TEST(OutcomeFromPlugin, MapsStatusesToJsonRpc) {
    using dispatch::outcome_from_plugin;
    EXPECT_EQ(outcome_from_plugin(PB_OK, "{}", ItemKind::Tool).result, "{}");
    EXPECT_TRUE(outcome_from_plugin(PB_ERR_CANCELLED, "", ItemKind::Tool).suppressed);

    const Outcome invalid = outcome_from_plugin(PB_ERR_INVALID_PARAMS, "", ItemKind::Tool);
    EXPECT_EQ(invalid.code, protocol::kInvalidParams);
    EXPECT_EQ(invalid.message, "Invalid params");

    EXPECT_EQ(outcome_from_plugin(PB_ERR_NOT_FOUND, "", ItemKind::Resource).code,
              protocol::kResourceNotFound);
    EXPECT_EQ(outcome_from_plugin(PB_ERR_NOT_FOUND, "", ItemKind::ResourceTemplate).code,
              protocol::kResourceNotFound);
    EXPECT_EQ(outcome_from_plugin(PB_ERR_NOT_FOUND, "gone", ItemKind::Prompt).code,
              protocol::kInvalidParams);
    EXPECT_EQ(outcome_from_plugin(PB_ERR_TIMEOUT, "", ItemKind::Tool).message, "Request timed out");
    const Outcome internal = outcome_from_plugin(PB_ERR_UNSUPPORTED, "no way", ItemKind::Tool);
    EXPECT_EQ(internal.code, protocol::kInternalError);
    EXPECT_EQ(internal.message, "no way");
}

}  // namespace
}  // namespace plugboard::core_test
