#include "http_fixture.hpp"

#include <iostream>

namespace plugboard::integration {

void HttpTest::TearDown() {
    if (http_ && HasFailure()) {
        std::cerr << "----- plugboard serve stderr -----\n"
                  << http_->stderr_text() << "----- end of stderr -----\n";
    }
    http_.reset();
    DaemonTest::TearDown();
}

HttpDaemon& HttpTest::start_http(std::string_view http_section, std::string_view other_sections,
                                 std::string_view plugins) {
    http_.reset();
    http_ = std::make_unique<HttpDaemon>(
        write_config(render_config(http_section, other_sections, plugins)));
    return *http_;
}

HttpResponse HttpTest::exchange(const HttpRequest& request) {
    return HttpConnection(port()).exchange(request);
}

HttpResponse HttpTest::post_body(std::string body) {
    return exchange(mcp_post(port(), std::move(body)));
}

::testing::AssertionResult is_error_answer(const HttpResponse& answer, unsigned status,
                                           std::optional<std::int64_t> code) {
    auto failure = [&](std::string_view why) {
        return ::testing::AssertionFailure() << why << "; got " << answer.result_int() << " "
                                             << answer[http::field::content_type] << "\n"
                                             << answer.body();
    };
    if (answer.result_int() != status) return failure("expected status " + std::to_string(status));
    if (media_type(answer[http::field::content_type]) != "application/json") {
        return failure("expected an application/json body");
    }
    boost::system::error_code parse_error;
    const bj::value body = bj::parse(answer.body(), parse_error);
    const bj::object* object = body.if_object();
    if (parse_error || object == nullptr) return failure("expected a JSON object body");
    if (object->if_contains("jsonrpc") == nullptr || object->at("jsonrpc") != "2.0") {
        return failure("expected \"jsonrpc\": \"2.0\"");
    }
    const bj::value* id = object->if_contains("id");
    if (id == nullptr || !id->is_null()) return failure("expected \"id\": null");
    const bj::value* error = object->if_contains("error");
    if (error == nullptr || !error->is_object()) return failure("expected an error object");
    const bj::value* actual_code = error->get_object().if_contains("code");
    if (actual_code == nullptr || !actual_code->is_int64()) {
        return failure("expected an integer error code");
    }
    if (code && actual_code->get_int64() != *code) {
        return failure("expected error code " + std::to_string(*code));
    }
    const bj::value* message = error->get_object().if_contains("message");
    if (message == nullptr || !message->is_string()) return failure("expected an error message");
    return ::testing::AssertionSuccess();
}

bool is_session_id(std::string_view text) {
    return text.size() == 32 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace plugboard::integration
