#include "http_test_support.hpp"

#include "test_items.hpp"

namespace plugboard::http_test {

transport::http::HttpSession::ProtocolFactory protocol_factory(core_test::SessionHarness& harness) {
    return [&harness](boost::asio::any_io_executor strand, session::Session::SendFn send,
                      transport::http::SessionStyle) {
        return std::make_shared<session::Session>(
            std::move(strand), harness.dispatcher, config::Limits{},
            session::ServerInfo{"plugboard-test", "9.9.9", std::nullopt}, std::move(send));
    };
}

std::string request_body(std::string_view id, std::string_view method, std::string_view params) {
    return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":")" + std::string(method) +
           R"(","params":)" + std::string(params) + "}";
}

std::string notification_body(std::string_view method, std::string_view params) {
    return R"({"jsonrpc":"2.0","method":")" + std::string(method) + R"(","params":)" +
           std::string(params) + "}";
}

std::string initialize_body(std::string_view revision, std::string_view capabilities) {
    return request_body("0", "initialize",
                        R"({"protocolVersion":")" + std::string(revision) + R"(","capabilities":)" +
                            std::string(capabilities) +
                            R"(,"clientInfo":{"name":"unit","version":"1"}})");
}

std::vector<boost::json::value> messages(const transport::http::EventStream& stream) {
    std::vector<boost::json::value> parsed;
    for (const auto& event : stream.after(0).events)
        parsed.push_back(core_test::parse_json(event.data));
    return parsed;
}

}  // namespace plugboard::http_test
