// The replies endpoints build: plain, JSON, JSON-RPC errors and SSE heads.
#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

#include "transport/http/reply.hpp"

namespace plugboard::http_test {
namespace {

using namespace transport::http;
namespace beast_http = boost::beast::http;

TEST(Reply, EmptyReplyHasNoBody) {
    const Reply reply = empty_reply(beast_http::status::accepted);
    EXPECT_EQ(reply.response.result(), beast_http::status::accepted);
    EXPECT_EQ(reply.response.body(), "");
    EXPECT_EQ(reply.response[beast_http::field::content_length], "0");
    EXPECT_FALSE(reply.feed);
}

TEST(Reply, JsonReplyCarriesItsType) {
    const Reply reply = json_reply(beast_http::status::ok, R"({"a":1})");
    EXPECT_EQ(reply.response.result(), beast_http::status::ok);
    EXPECT_EQ(reply.response[beast_http::field::content_type], "application/json");
    EXPECT_EQ(reply.response.body(), R"({"a":1})");
    EXPECT_EQ(reply.response[beast_http::field::content_length], "7");
}

TEST(Reply, ErrorReplyIsAJsonRpcErrorWithoutId) {
    const Reply reply =
        error_reply(beast_http::status::not_found, -32001, "Session \"x\" not found");
    EXPECT_EQ(reply.response.result(), beast_http::status::not_found);
    EXPECT_EQ(reply.response[beast_http::field::content_type], "application/json");
    EXPECT_EQ(
        reply.response.body(),
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session \"x\" not found"}})");
}

TEST(Reply, StreamReplyIsAnUncachedEventStream) {
    StreamFeed feed;
    feed.stream = std::make_shared<EventStream>(3, 8);
    feed.after = 2;
    const Reply reply = stream_reply(std::move(feed));
    EXPECT_EQ(reply.response.result(), beast_http::status::ok);
    EXPECT_EQ(reply.response[beast_http::field::content_type], "text/event-stream");
    EXPECT_NE(reply.response[beast_http::field::cache_control].find("no-cache"),
              std::string_view::npos);
    EXPECT_EQ(reply.response["X-Accel-Buffering"], "no");
    ASSERT_TRUE(reply.feed);
    EXPECT_EQ(reply.feed->stream->number(), 3u);
    EXPECT_EQ(reply.feed->after, 2u);
}

}  // namespace
}  // namespace plugboard::http_test
