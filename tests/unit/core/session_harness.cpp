#include "session_harness.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "host/call.hpp"
#include "test_items.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;

bool is_response(const bj::value& frame) {
    return frame.is_object() && !frame.as_object().contains("method");
}

}  // namespace

SessionHarness::SessionHarness(config::Limits limits)
    : plugin(host, "test.so", descriptor_named("test")),
      calls_before_(host::CallTable::instance().size()) {
    session = std::make_shared<session::Session>(
        strand, dispatcher, limits, session::ServerInfo{"plugboard-test", "9.9.9", "Be nice"},
        [this](session::Outgoing outgoing) {
            if (!outgoing.frame.empty()) sent.push_back(std::move(outgoing.frame));
        });
    registry.set_change_listener(
        [this](registry::ItemKind kind) { session->notify_list_changed(kind); });
    host.set_resource_updated_listener(
        [this](std::string uri) { session->notify_resource_updated(uri); });
}

SessionHarness::~SessionHarness() {
    // Handlers may still be on their way to the probe: keep completing.
    EXPECT_TRUE(run_until([&] {
        probe.complete_deferred(PB_ERR_CANCELLED);
        return session->in_flight() == 0;
    }));
    pool.join();
    probe.complete_deferred(PB_ERR_CANCELLED);
    run_ready();
    // Every call the host started was released, whatever its ending.
    EXPECT_EQ(host::CallTable::instance().size(), calls_before_);
    EXPECT_EQ(plugin.calls_in_flight.load(), 0u);
}

void SessionHarness::add(registry::ItemKind kind, std::string_view definition,
                         pb_handler_fn handler, std::uint32_t flags) {
    pb_item item = make_item(kind, definition, handler, &probe);
    item.flags = flags;
    const auto result = registry.add({&plugin, plugin.name(), std::nullopt}, item);
    ASSERT_NE(result.item, nullptr) << result.error;
}

void SessionHarness::add_tool(std::string_view name, pb_handler_fn handler,
                              std::string_view input_schema, std::uint32_t flags) {
    const std::string definition = R"({"name":")" + std::string(name) + R"(","inputSchema":)" +
                                   std::string(input_schema) + "}";
    add(registry::ItemKind::Tool, definition, handler, flags);
}

std::size_t SessionHarness::feed_and_count(std::string_view frame) {
    std::optional<std::size_t> count;
    boost::asio::post(strand, [&, text = std::string(frame)] {
        session->handle_frame(text);
        count = sent.size();
    });
    EXPECT_TRUE(run_until([&] { return count.has_value(); }));
    return count.value_or(0);
}

void SessionHarness::feed(std::string_view frame) {
    bool handled = false;
    boost::asio::post(strand, [&, text = std::string(frame)] {
        session->handle_frame(text);
        handled = true;
    });
    EXPECT_TRUE(run_until([&] { return handled; }));
    run_ready();
}

void SessionHarness::feed_request(std::string_view id, std::string_view method,
                                  std::string_view params) {
    feed(R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":")" + std::string(method) +
         R"(","params":)" + std::string(params) + "}");
}

void SessionHarness::feed_notification(std::string_view method, std::string_view params) {
    feed(R"({"jsonrpc":"2.0","method":")" + std::string(method) + R"(","params":)" +
         std::string(params) + "}");
}

bool SessionHarness::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        io.run_one_for(std::chrono::milliseconds(5));
    }
    return true;
}

void SessionHarness::run_ready() {
    io.poll();
}

void SessionHarness::handshake(std::string_view revision, std::string_view capabilities) {
    const bj::value result =
        request("0", "initialize",
                R"({"protocolVersion":")" + std::string(revision) + R"(","capabilities":)" +
                    std::string(capabilities) + R"(,"clientInfo":{"name":"unit","version":"1"}})");
    ASSERT_TRUE(result.is_object()) << bj::serialize(result);
    ASSERT_TRUE(result.as_object().contains("result")) << bj::serialize(result);
    feed_notification("notifications/initialized");
    sent.clear();
}

bj::value SessionHarness::request(std::string_view id, std::string_view method,
                                  std::string_view params) {
    feed_request(id, method, params);
    return wait_response(id);
}

bj::value SessionHarness::wait_response(std::string_view id) {
    if (!run_until([&] { return !responses(id).empty(); })) {
        ADD_FAILURE() << "no response to request " << id;
        return nullptr;
    }
    return responses(id).front();
}

std::vector<bj::value> SessionHarness::frames() const {
    std::vector<bj::value> parsed;
    for (const auto& frame : sent)
        parsed.push_back(parse_json(frame));
    return parsed;
}

std::vector<bj::value> SessionHarness::responses(std::string_view id) const {
    const bj::value wanted = parse_json(id);
    std::vector<bj::value> found;
    for (const auto& frame : frames()) {
        if (is_response(frame) && frame.at("id") == wanted) found.push_back(frame);
    }
    return found;
}

std::vector<bj::value> SessionHarness::notifications(std::string_view method) const {
    std::vector<bj::value> found;
    for (const auto& frame : frames()) {
        if (frame.is_object() && !frame.as_object().contains("id") &&
            frame.as_object().contains("method") && frame.at("method").is_string() &&
            frame.at("method").as_string() == method) {
            found.push_back(frame);
        }
    }
    return found;
}

std::vector<bj::value> SessionHarness::client_requests() const {
    std::vector<bj::value> found;
    for (const auto& frame : frames()) {
        if (frame.is_object() && frame.as_object().contains("id") &&
            frame.as_object().contains("method")) {
            found.push_back(frame);
        }
    }
    return found;
}

std::string first_text(const bj::value& result) {
    return std::string(result.at("content").at(0).at("text").as_string());
}

}  // namespace plugboard::core_test
