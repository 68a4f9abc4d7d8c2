// JSON-RPC framing: malformed input, invalid messages, notifications,
// batches and the message size limit.
#include <map>
#include <string>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using JsonRpcTest = DaemonTest;

// The next message, which must be a single object.
bj::object next_object(DaemonProcess& daemon) {
    auto message = daemon.read_message();
    if (!message) throw std::runtime_error("no message from the daemon");
    if (!message->is_object())
        throw std::runtime_error("expected an object: " + bj::serialize(*message));
    return message->get_object();
}

// Sends `line` and returns the error code of the answer, checking its id.
std::int64_t error_code_for(DaemonProcess& daemon, std::string_view line,
                            const bj::value& expected_id) {
    daemon.send_line(line);
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("id"), expected_id) << line;
    return error_code(response);
}

TEST_F(JsonRpcTest, AnswersGarbageWithParseErrorAndNullId) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    daemon.send_line("{this is not json");
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("jsonrpc"), "2.0");
    EXPECT_EQ(response.at("id"), nullptr);
    EXPECT_EQ(error_code(response), -32700);
}

TEST_F(JsonRpcTest, AnswersNonObjectsWithInvalidRequestAndNullId) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    EXPECT_EQ(error_code_for(daemon, "42", nullptr), -32600);
    EXPECT_EQ(error_code_for(daemon, R"("hello")", nullptr), -32600);
    EXPECT_EQ(error_code_for(daemon, "null", nullptr), -32600);
}

TEST_F(JsonRpcTest, AnswersAnEmptyArrayWithAnError) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    EXPECT_EQ(error_code_for(daemon, "[]", nullptr), -32600);
}

// JSON-RPC 2.0: "[]" gets one error object, not an array.
TEST_F(JsonRpcTest, Revision20250326AnswersAnEmptyBatchWithOneError) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize("2025-03-26");
    EXPECT_EQ(error_code_for(daemon, "[]", nullptr), -32600);
}

TEST_F(JsonRpcTest, EchoesTheIdWhenJsonrpcIsMissingOrWrong) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    EXPECT_EQ(error_code_for(daemon, R"({"id":7,"method":"ping"})", 7), -32600);
    EXPECT_EQ(error_code_for(daemon, R"({"jsonrpc":"1.0","id":"x","method":"ping"})", "x"), -32600);
}

TEST_F(JsonRpcTest, RejectsANullOrFractionalId) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    EXPECT_EQ(error_code_for(daemon, R"({"jsonrpc":"2.0","id":null,"method":"ping"})", nullptr),
              -32600);
    EXPECT_EQ(error_code_for(daemon, R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", nullptr),
              -32600);
}

TEST_F(JsonRpcTest, AnswersAnUnknownMethodWithMethodNotFound) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    const auto response = daemon.request("no/such/method");
    EXPECT_EQ(error_code(response), -32601);
    EXPECT_NE(error_message(response).find("Method not found"), std::string::npos);
}

TEST_F(JsonRpcTest, AnswersParamsThatAreNotAnObjectWithInvalidParams) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    EXPECT_EQ(
        error_code_for(daemon, R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":[1]})", 3),
        -32602);
    EXPECT_EQ(error_code_for(daemon, R"({"jsonrpc":"2.0","id":4,"method":"ping","params":"x"})", 4),
              -32602);
}

TEST_F(JsonRpcTest, NeverAnswersNotifications) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    daemon.send_line(R"({"jsonrpc":"2.0","method":"notifications/bogus","params":{}})");
    daemon.send_line(R"({"jsonrpc":"2.0","method":"notifications/bogus","params":5})");
    daemon.send_line(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":999}})");
    daemon.send_line(R"({"jsonrpc":"2.0","id":"after","method":"ping"})");
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("id"), "after");
    EXPECT_EQ(result_of(response), bj::object{});
}

TEST_F(JsonRpcTest, Revision20250326AnswersABatchWithOneArray) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize("2025-03-26");
    daemon.send_line(R"([{"jsonrpc":"2.0","id":"a","method":"ping"},)"
                     R"({"jsonrpc":"2.0","id":"b","method":"tools/list"},)"
                     R"({"jsonrpc":"2.0","method":"notifications/bogus"}])");
    const auto message = daemon.read_message();
    ASSERT_TRUE(message && message->is_array()) << (message ? bj::serialize(*message) : "nothing");
    const auto& responses = message->get_array();
    ASSERT_EQ(responses.size(), 2u);
    std::map<std::string, bj::object> by_id;
    for (const auto& response : responses) {
        by_id[std::string(response.at("id").as_string())] = response.as_object();
    }
    ASSERT_TRUE(by_id.contains("a") && by_id.contains("b"));
    EXPECT_EQ(result_of(by_id["a"]), bj::object{});
    EXPECT_TRUE(members(result_of(by_id["b"]).at("tools").as_array()).contains("echo"));
}

TEST_F(JsonRpcTest, Revision20250326AnswersABatchOfNotificationsWithNothing) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize("2025-03-26");
    daemon.send_line(R"([{"jsonrpc":"2.0","method":"notifications/bogus"}])");
    daemon.send_line(R"({"jsonrpc":"2.0","id":"after","method":"ping"})");
    EXPECT_EQ(next_object(daemon).at("id"), "after");
}

TEST_F(JsonRpcTest, Revision20251125RejectsBatches) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize("2025-11-25");
    daemon.send_line(R"([{"jsonrpc":"2.0","id":"a","method":"ping"}])");
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("id"), nullptr);
    EXPECT_EQ(error_code(response), -32600);
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(JsonRpcTest, AnswersEveryRequestOfOneWrite) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    constexpr int kCount = 200;
    std::string lines;
    for (int id = 1; id <= kCount; ++id) {
        if (id > 1) lines += '\n';
        lines += R"({"jsonrpc":"2.0","id":)" + std::to_string(10'000 + id) + R"(,"method":"ping"})";
    }
    daemon.send_line(lines);
    for (int id = 1; id <= kCount; ++id) {
        const auto response = daemon.wait_response(10'000 + id);
        ASSERT_TRUE(response.has_value()) << "no answer to request " << id;
        EXPECT_EQ(result_of(*response), bj::object{});
    }
}

TEST_F(JsonRpcTest, AcceptsCrLfLineEndsAndSkipsBlankLines) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    daemon.send_line("");
    daemon.send_line("   ");
    daemon.send_line(R"({"jsonrpc":"2.0","id":"crlf","method":"ping"})"
                     "\r");
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("id"), "crlf");
    EXPECT_EQ(result_of(response), bj::object{});
}

TEST_F(JsonRpcTest, DropsAnOversizedMessageAndKeepsServing) {
    auto& daemon = start("limits:\n  max_message_bytes: 1024\n" + std::string(kBundledConfig));
    daemon.initialize();
    const std::string padding(5000, 'x');
    daemon.send_line(R"({"jsonrpc":"2.0","id":1000,"method":"ping","params":{"pad":")" + padding +
                     R"("}})");
    const auto response = next_object(daemon);
    EXPECT_EQ(response.at("id"), nullptr);
    EXPECT_EQ(error_code(response), -32600);
    EXPECT_NE(error_message(response).find("1024"), std::string::npos) << error_message(response);
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(JsonRpcTest, AcceptsAMessageJustUnderTheLimit) {
    auto& daemon = start("limits:\n  max_message_bytes: 1024\n" + std::string(kBundledConfig));
    daemon.initialize();
    const std::string message(900, 'm');
    const auto result =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", message}})));
    EXPECT_EQ(first_text(result), message);
}

}  // namespace
}  // namespace plugboard::integration
