// The harness's own stdout check: what counts as a JSON-RPC message.
#include <gtest/gtest.h>

#include "daemon_process.hpp"

namespace plugboard::integration {
namespace {

TEST(HarnessTest, AcceptsRequestsNotificationsResponsesAndBatchAnswers) {
    for (std::string_view text : {
             R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
             R"({"jsonrpc":"2.0","method":"notifications/progress","params":{}})",
             R"({"jsonrpc":"2.0","id":"a","result":{}})",
             R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}})",
             R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":2,"result":{}}])",
         }) {
        EXPECT_TRUE(is_jsonrpc_message(bj::parse(text))) << text;
    }
}

TEST(HarnessTest, RejectsEverythingElse) {
    for (std::string_view text : {
             R"("junk")",
             R"({"id":1,"result":{}})",
             R"({"jsonrpc":"1.0","id":1,"result":{}})",
             R"({"jsonrpc":"2.0","id":1,"result":{},"error":{}})",
             R"({"jsonrpc":"2.0","id":1})",
             R"({"jsonrpc":"2.0","method":5})",
             R"([])",
             R"([{"jsonrpc":"2.0","id":1,"result":{}},42])",
         }) {
        EXPECT_FALSE(is_jsonrpc_message(bj::parse(text))) << text;
    }
}

}  // namespace
}  // namespace plugboard::integration
