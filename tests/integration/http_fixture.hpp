// The fixture of the HTTP transport tests: a config per test, the daemon
// serving it over HTTP, and checks shared by the test files.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>

#include "daemon_test.hpp"
#include "http_client.hpp"
#include "http_daemon.hpp"
#include "responses.hpp"

namespace plugboard::integration {

class HttpTest : public DaemonTest {
  protected:
    // Prints the daemon's log when the test failed.
    void TearDown() override;

    // Writes the config render_config() makes of the arguments and starts
    // `plugboard serve` on it; a daemon started before is stopped first.
    HttpDaemon& start_http(std::string_view http_section = {}, std::string_view other_sections = {},
                           std::string_view plugins = kHttpTestPlugins);
    std::uint16_t port() const { return http_->port(); }

    // Sends `request` on a new connection and reads the whole answer.
    HttpResponse exchange(const HttpRequest& request);
    // POSTs `body` without a session on a new connection.
    HttpResponse post_body(std::string body);

    std::unique_ptr<HttpDaemon> http_;
};

// `answer` has `status` and an application/json body holding a JSON-RPC
// error with id null and, when given, `code`.
::testing::AssertionResult is_error_answer(const HttpResponse& answer, unsigned status,
                                           std::optional<std::int64_t> code = std::nullopt);

// 32 lowercase hex digits, as session ids are.
bool is_session_id(std::string_view text);

}  // namespace plugboard::integration
