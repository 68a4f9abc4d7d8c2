// A Session wired to a real registry, plugin host and dispatcher, with one
// plugin instance that owns no library. The io_context runs only on the test
// thread, inside run_until()/run_ready(), so the frames the session sends
// are plain data the test reads between runs.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dispatch/dispatcher.hpp"
#include "host/plugin_host.hpp"
#include "plugin_probe.hpp"
#include "registry/registry.hpp"
#include "session/session.hpp"

namespace plugboard::core_test {

inline constexpr std::string_view kAnyObjectSchema = R"({"type":"object"})";

class SessionHarness {
  public:
    explicit SessionHarness(config::Limits limits = {});
    ~SessionHarness();
    SessionHarness(const SessionHarness&) = delete;
    SessionHarness& operator=(const SessionHarness&) = delete;

    // Registers an item of the test plugin, served by `handler` with the probe.
    void add(registry::ItemKind kind, std::string_view definition, pb_handler_fn handler,
             std::uint32_t flags = PB_ITEM_FLAG_NONE);
    void add_tool(std::string_view name, pb_handler_fn handler,
                  std::string_view input_schema = kAnyObjectSchema,
                  std::uint32_t flags = PB_ITEM_FLAG_NONE);
    // Hands a frame to the session and returns how many frames it had sent
    // when handle_frame() returned, before anything posted could run.
    std::size_t feed_and_count(std::string_view frame);

    // Hands a frame to the session on its strand and runs what is ready.
    void feed(std::string_view frame);
    void feed_request(std::string_view id, std::string_view method, std::string_view params = "{}");
    void feed_notification(std::string_view method, std::string_view params = "{}");
    // Runs the io_context until `done` or `limit`; false on timeout.
    bool run_until(const std::function<bool()>& done,
                   std::chrono::milliseconds limit = std::chrono::seconds(2));
    void run_ready();

    // initialize + notifications/initialized; the frames they caused are dropped.
    void handshake(std::string_view revision = "2025-11-25", std::string_view capabilities = "{}");
    // Sends a request and waits for its response; a JSON null if none came.
    boost::json::value request(std::string_view id, std::string_view method,
                               std::string_view params = "{}");
    boost::json::value wait_response(std::string_view id);

    // What the session sent, parsed: all of it, the responses to `id`, the
    // notifications of `method`, the requests it made of the client.
    std::vector<boost::json::value> frames() const;
    std::vector<boost::json::value> responses(std::string_view id) const;
    std::vector<boost::json::value> notifications(std::string_view method) const;
    std::vector<boost::json::value> client_requests() const;

    PluginProbe probe;
    registry::Registry registry{{}};
    host::PluginThreads pool{2};
    host::PluginHost host{registry, pool, std::chrono::seconds(5)};
    dispatch::Dispatcher dispatcher{registry, host, 100};
    host::PluginInstance plugin;
    boost::asio::io_context io;
    boost::asio::strand<boost::asio::io_context::executor_type> strand{io.get_executor()};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
        io.get_executor()};
    std::vector<std::string> sent;
    std::shared_ptr<session::Session> session;

  private:
    // The host's call table is global; each test checks only its own calls.
    const std::size_t calls_before_;
};

// The text of the first content block of a CallToolResult.
std::string first_text(const boost::json::value& result);

}  // namespace plugboard::core_test
