#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>
#include <string>

#include "json/message.hpp"
#include "protocol/errors.hpp"

namespace plugboard::json {
namespace {

class FrameParserTest : public ::testing::Test {
  protected:
    // Keeps every text and frame for the whole test, since messages point
    // into their text (their params DOM lasts only until the next parse).
    const Frame& parse(std::string_view text) {
        const auto& padded = texts_.emplace_back(text);
        return frames_.emplace_back(parser_.parse(padded));
    }
    const Message& only_message(std::string_view text) {
        const Frame& frame = parse(text);
        EXPECT_FALSE(frame.parse_error) << frame.parse_error_detail;
        EXPECT_FALSE(frame.is_batch);
        EXPECT_EQ(frame.entries.size(), 1u);
        const auto* message = std::get_if<Message>(&frame.entries.at(0));
        if (message == nullptr)
            throw std::runtime_error("not a valid message: " + std::string(text));
        return *message;
    }
    const InvalidMessage& only_invalid(std::string_view text) {
        const Frame& frame = parse(text);
        EXPECT_FALSE(frame.parse_error) << frame.parse_error_detail;
        EXPECT_EQ(frame.entries.size(), 1u);
        const auto* invalid = std::get_if<InvalidMessage>(&frame.entries.at(0));
        if (invalid == nullptr) throw std::runtime_error("accepted: " + std::string(text));
        return *invalid;
    }

    FrameParser parser_;
    std::deque<std::string> texts_;
    std::deque<Frame> frames_;
};

TEST_F(FrameParserTest, ClassifiesARequest) {
    const Message& message =
        only_message(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"x"}})");
    EXPECT_EQ(message.kind, MessageKind::Request);
    EXPECT_EQ(message.method, "tools/list");
    EXPECT_EQ(message.id, "7");
    EXPECT_EQ(message.params, R"({"cursor":"x"})");
    EXPECT_EQ(std::string_view(message.params_dom["cursor"].get_string().value()), "x");
    EXPECT_TRUE(message.result.empty());
    EXPECT_TRUE(message.error.empty());
}

TEST_F(FrameParserTest, ClassifiesANotificationWithoutParams) {
    const Message& message =
        only_message(R"({"method":"notifications/initialized","jsonrpc":"2.0"})");
    EXPECT_EQ(message.kind, MessageKind::Notification);
    EXPECT_EQ(message.method, "notifications/initialized");
    EXPECT_TRUE(message.id.empty());
    EXPECT_TRUE(message.params.empty());
}

TEST_F(FrameParserTest, ClassifiesResultAndErrorResponses) {
    const Message& result = only_message(R"({"jsonrpc":"2.0","id":"s-1","result":{"roots":[]}})");
    EXPECT_EQ(result.kind, MessageKind::Response);
    EXPECT_EQ(result.id, R"("s-1")");
    EXPECT_EQ(result.result, R"({"roots":[]})");
    EXPECT_TRUE(result.error.empty());

    const Message& error =
        only_message(R"({"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}})");
    EXPECT_EQ(error.kind, MessageKind::Response);
    EXPECT_EQ(error.id, "3");
    EXPECT_EQ(error.error, R"({"code":-1,"message":"no"})");
    EXPECT_TRUE(error.result.empty());
}

TEST_F(FrameParserTest, EchoesIdsAsRawText) {
    EXPECT_EQ(only_message(R"({"jsonrpc":"2.0","id":-12 ,"method":"ping"})").id, "-12");
    EXPECT_EQ(only_message(R"({"jsonrpc":"2.0","id":"a\"b\\c\u00e9\n","method":"ping"})").id,
              R"("a\"b\\c\u00e9\n")");
    EXPECT_EQ(only_message("{\"jsonrpc\":\"2.0\",\"id\":\r\n\t\"x\"\n\t,\"method\":\"ping\"}").id,
              R"("x")");
    EXPECT_EQ(only_message(R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"})").id,
              "18446744073709551615");
}

TEST_F(FrameParserTest, ParamsSpanIsTheExactBytes) {
    const std::string params = "{ \"a\" : [1, 2.50, \"\\u0041\"],\n  \"b\":{} }";
    const std::string text = R"({"jsonrpc":"2.0","id":1,"method":"m","params":)" + params + " }";
    const Message& message = only_message(text);
    EXPECT_EQ(message.params, params);
    EXPECT_EQ(message.params_dom["a"].at(2).get_string().value(), "A");
}

TEST_F(FrameParserTest, GarbageIsAParseError) {
    for (std::string_view text : {"", "{", "not json", R"({"jsonrpc":"2.0",})", "[1,]", "{} {}"}) {
        const Frame& frame = parse(text);
        EXPECT_TRUE(frame.parse_error) << text;
        EXPECT_FALSE(frame.parse_error_detail.empty()) << text;
        EXPECT_TRUE(frame.entries.empty()) << text;
    }
}

TEST_F(FrameParserTest, NonObjectsAreInvalidRequests) {
    for (std::string_view text : {"42", R"("hello")", "null", "true"}) {
        const InvalidMessage& invalid = only_invalid(text);
        EXPECT_EQ(invalid.code, protocol::kInvalidRequest) << text;
        EXPECT_EQ(invalid.id, "null") << text;
        EXPECT_TRUE(invalid.answer) << text;
    }
}

TEST_F(FrameParserTest, MissingOrWrongJsonrpcKeepsTheId) {
    const InvalidMessage& missing = only_invalid(R"({"id":5,"method":"ping"})");
    EXPECT_EQ(missing.code, protocol::kInvalidRequest);
    EXPECT_EQ(missing.id, "5");
    EXPECT_EQ(missing.message, R"(the "jsonrpc" member must be "2.0")");

    for (std::string_view text : {R"({"jsonrpc":"1.0","id":"q","method":"ping"})",
                                  R"({"jsonrpc":2.0,"id":"q","method":"ping"})",
                                  R"({"jsonrpc":null,"id":"q","method":"ping"})"}) {
        const InvalidMessage& wrong = only_invalid(text);
        EXPECT_EQ(wrong.code, protocol::kInvalidRequest) << text;
        EXPECT_EQ(wrong.id, R"("q")") << text;
    }
}

TEST_F(FrameParserTest, IdsThatAreNotStringsOrIntegersAreRefused) {
    for (std::string_view id : {"null", "1.5", "1e3", R"({"a":1})", "[1]", "true"}) {
        const std::string text =
            R"({"jsonrpc":"2.0","method":"ping","id":)" + std::string(id) + "}";
        const InvalidMessage& invalid = only_invalid(text);
        EXPECT_EQ(invalid.code, protocol::kInvalidRequest) << text;
        EXPECT_EQ(invalid.id, "null") << text;
        EXPECT_EQ(invalid.message, "the id must be a string or an integer") << text;
        EXPECT_TRUE(invalid.answer) << text;
    }
}

TEST_F(FrameParserTest, NonObjectParamsAreInvalidParams) {
    const InvalidMessage& request =
        only_invalid(R"({"jsonrpc":"2.0","id":9,"method":"m","params":[1]})");
    EXPECT_EQ(request.code, protocol::kInvalidParams);
    EXPECT_EQ(request.id, "9");
    EXPECT_TRUE(request.answer);

    const InvalidMessage& notification =
        only_invalid(R"({"jsonrpc":"2.0","method":"notifications/x","params":"text"})");
    EXPECT_EQ(notification.code, protocol::kInvalidParams);
    EXPECT_FALSE(notification.answer);

    EXPECT_EQ(only_invalid(R"({"jsonrpc":"2.0","id":1,"method":"m","params":null})").code,
              protocol::kInvalidParams);
}

TEST_F(FrameParserTest, NonStringMethodIsInvalid) {
    const InvalidMessage& invalid = only_invalid(R"({"jsonrpc":"2.0","id":2,"method":12})");
    EXPECT_EQ(invalid.code, protocol::kInvalidRequest);
    EXPECT_EQ(invalid.id, "2");
}

TEST_F(FrameParserTest, ResponseNeedsExactlyOneOfResultAndError) {
    const InvalidMessage& both =
        only_invalid(R"({"jsonrpc":"2.0","id":4,"result":{},"error":{"code":1,"message":"x"}})");
    EXPECT_EQ(both.code, protocol::kInvalidRequest);
    EXPECT_EQ(both.id, "4");

    const InvalidMessage& neither = only_invalid(R"({"jsonrpc":"2.0","id":4})");
    EXPECT_EQ(neither.code, protocol::kInvalidRequest);

    const InvalidMessage& no_id = only_invalid(R"({"jsonrpc":"2.0","result":{}})");
    EXPECT_EQ(no_id.id, "null");
}

// A client reports a message of ours it could not parse with an error
// response whose id is null (JSON-RPC 2.0 section 5). The daemon must not
// answer a response, or two peers could bounce errors forever.
TEST_F(FrameParserTest, ErrorResponseWithNullIdIsNotAnswered) {
    const Frame& frame =
        parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
    ASSERT_EQ(frame.entries.size(), 1u);
    if (const auto* invalid = std::get_if<InvalidMessage>(&frame.entries[0])) {
        EXPECT_FALSE(invalid->answer)
            << "answered with " << invalid->code << " " << invalid->message;
    } else {
        EXPECT_EQ(std::get<Message>(frame.entries[0]).kind, MessageKind::Response);
    }
}

TEST_F(FrameParserTest, SplitsABatchOfMixedMembers) {
    const Frame& frame = parse(R"([
        {"jsonrpc":"2.0","id":1,"method":"a","params":{"n":1}},
        {"jsonrpc":"2.0","method":"notifications/b"},
        {"jsonrpc":"2.0","id":"r","result":{}},
        7,
        {"jsonrpc":"2.0","id":2,"method":"c","params":{"n":2}},
        {"jsonrpc":"2.0","id":3,"method":"d","params":[]}
    ])");
    ASSERT_FALSE(frame.parse_error);
    EXPECT_TRUE(frame.is_batch);
    ASSERT_EQ(frame.entries.size(), 6u);

    const auto& first = std::get<Message>(frame.entries[0]);
    EXPECT_EQ(first.kind, MessageKind::Request);
    EXPECT_EQ(first.params, R"({"n":1})");
    EXPECT_EQ(first.params_dom["n"].get_int64().value(), 1);
    EXPECT_EQ(std::get<Message>(frame.entries[1]).kind, MessageKind::Notification);
    EXPECT_EQ(std::get<Message>(frame.entries[2]).kind, MessageKind::Response);
    EXPECT_EQ(std::get<InvalidMessage>(frame.entries[3]).code, protocol::kInvalidRequest);
    // Each member gets its own params DOM, not its neighbour's.
    const auto& fifth = std::get<Message>(frame.entries[4]);
    EXPECT_EQ(fifth.method, "c");
    EXPECT_EQ(fifth.params_dom["n"].get_int64().value(), 2);
    const auto& sixth = std::get<InvalidMessage>(frame.entries[5]);
    EXPECT_EQ(sixth.code, protocol::kInvalidParams);
    EXPECT_EQ(sixth.id, "3");
}

// JSON-RPC 2.0 section 6: answered with one response object, not an array.
TEST_F(FrameParserTest, EmptyBatchIsOneInvalidRequest) {
    const Frame& frame = parse("[]");
    EXPECT_FALSE(frame.is_batch);
    ASSERT_EQ(frame.entries.size(), 1u);
    const auto& invalid = std::get<InvalidMessage>(frame.entries[0]);
    EXPECT_EQ(invalid.code, protocol::kInvalidRequest);
    EXPECT_EQ(invalid.id, "null");
}

TEST_F(FrameParserTest, ParserIsReusedAcrossFrames) {
    FrameParser parser;
    {
        // A large first frame, gone before the second is parsed.
        std::string big = R"({"jsonrpc":"2.0","id":1,"method":"first","params":{"pad":")";
        big.append(10000, 'x');
        big += R"("}})";
        const simdjson::padded_string text(big);
        const Frame frame = parser.parse(text);
        ASSERT_EQ(frame.entries.size(), 1u);
        EXPECT_EQ(std::get<Message>(frame.entries[0]).method, "first");
    }
    const simdjson::padded_string second(
        std::string_view(R"({"jsonrpc":"2.0","id":"two","method":"second","params":{"k":"v"}})"));
    const Frame frame = parser.parse(second);
    ASSERT_EQ(frame.entries.size(), 1u);
    const auto& message = std::get<Message>(frame.entries[0]);
    EXPECT_EQ(message.method, "second");
    EXPECT_EQ(message.id, R"("two")");
    EXPECT_EQ(message.params, R"({"k":"v"})");
    EXPECT_EQ(message.params_dom["k"].get_string().value(), "v");

    const simdjson::padded_string broken(std::string_view("{\"jsonrpc\""));
    EXPECT_TRUE(parser.parse(broken).parse_error);
    const simdjson::padded_string after(std::string_view(R"({"jsonrpc":"2.0","method":"third"})"));
    const Frame recovered = parser.parse(after);
    EXPECT_FALSE(recovered.parse_error);
    EXPECT_TRUE(recovered.parse_error_detail.empty());
    ASSERT_EQ(recovered.entries.size(), 1u);
    EXPECT_EQ(std::get<Message>(recovered.entries[0]).method, "third");
}

// The parser hands back the same Frame each time: nothing of a batch may
// linger in the frame after it.
TEST_F(FrameParserTest, AFrameAfterABatchHasOnlyItsOwnEntry) {
    FrameParser parser;
    std::string batch = "[";
    for (int i = 0; i < 100; ++i) {
        if (i > 0) batch += ',';
        batch += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"m"})";
    }
    batch += ']';
    const simdjson::padded_string batch_text(batch);
    const Frame& first = parser.parse(batch_text);
    EXPECT_TRUE(first.is_batch);
    EXPECT_EQ(first.entries.size(), 100u);

    const simdjson::padded_string single(std::string_view(R"({"jsonrpc":"2.0","method":"one"})"));
    const Frame& second = parser.parse(single);
    EXPECT_FALSE(second.is_batch);
    ASSERT_EQ(second.entries.size(), 1u);
    EXPECT_EQ(std::get<Message>(second.entries[0]).method, "one");
}

TEST_F(FrameParserTest, IdKeyIsTheSameForEverySpellingOfAnId) {
    const std::string plain = only_message(R"({"jsonrpc":"2.0","id":"a/b","method":"m"})").id_key;
    const std::string escaped =
        only_message(R"({"jsonrpc":"2.0","id":"\u0061\/b","method":"m"})").id_key;
    EXPECT_EQ(plain, escaped);
    EXPECT_EQ(only_message(R"({"jsonrpc":"2.0","id": 7 ,"method":"m"})").id_key,
              only_message(R"({"jsonrpc":"2.0","id":7,"method":"m"})").id_key);
    EXPECT_NE(only_message(R"({"jsonrpc":"2.0","id":"7","method":"m"})").id_key,
              only_message(R"({"jsonrpc":"2.0","id":7,"method":"m"})").id_key);
}

TEST(CanonicalId, MatchesTheIdKeyOfMessages) {
    simdjson::dom::parser parser;
    const simdjson::padded_string escaped(std::string_view(R"("caf\u00e9")"));
    const simdjson::padded_string raw(std::string_view("\"caf\xc3\xa9\""));
    const std::string from_escaped = canonical_id(parser.parse(escaped).value());
    EXPECT_EQ(canonical_id(parser.parse(raw).value()), from_escaped);
}

TEST(TrimToken, StripsTrailingWhitespaceOnly) {
    EXPECT_EQ(trim_token("12 \t\r\n"), "12");
    EXPECT_EQ(trim_token(" 12"), " 12");
    EXPECT_EQ(trim_token(""), "");
}

}  // namespace
}  // namespace plugboard::json
