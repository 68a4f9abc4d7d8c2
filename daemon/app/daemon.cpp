#include "app/daemon.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <system_error>
#include <thread>

#include "transport/http/http_server.hpp"
#include "transport/http/session_table.hpp"
#include "transport/stdio_transport.hpp"

namespace plugboard::app {
namespace {

// How long in-flight calls may run on after shutdown begins.
constexpr std::chrono::seconds kShutdownGrace{5};

unsigned thread_count() {
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

StdioFds isolate_stdio() {
    StdioFds fds{::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3),
                 ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)};
    if (fds.input < 0 || fds.output < 0)
        throw std::system_error(errno, std::generic_category(), "dup");
    const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) throw std::system_error(errno, std::generic_category(), "open /dev/null");
    ::dup2(null_fd, STDIN_FILENO);
    ::close(null_fd);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    return fds;
}

Daemon::Daemon(config::Config config)
    : config_(std::move(config)),
      plugin_pool_(config_.limits.plugin_threads),
      registry_({config_.registry.on_conflict, config_.registry.namespace_separator}),
      host_(registry_, plugin_pool_, config_.limits.call_timeout),
      dispatcher_(registry_, host_, config_.limits.page_size) {
    registry_.set_change_listener([this](registry::ItemKind kind) { hub_.list_changed(kind); });
    host_.set_resource_updated_listener([this](std::string uri) { hub_.resource_updated(uri); });
    host_.load_all(config_);
}

Daemon::~Daemon() {
    host_.shutdown(std::chrono::seconds(2));
    plugin_pool_.join();
}

int Daemon::run_stdio(StdioFds fds) {
    auto strand = boost::asio::make_strand(io_);
    transport::StdioTransport transport(strand, fds.input, fds.output,
                                        config_.limits.max_message_bytes);
    auto session =
        std::make_shared<session::Session>(strand, dispatcher_, config_.limits, server_info(),
                                           [&transport](session::Outgoing outgoing) {
                                               if (!outgoing.frame.empty())
                                                   transport.send(outgoing.frame);
                                           });
    hub_.add(session);

    bool shutting_down = false;  // strand only
    boost::asio::steady_timer grace(strand);
    auto shutdown = [&](std::string reason) {
        boost::asio::post(strand, [&, reason = std::move(reason)] {
            if (shutting_down) return;
            shutting_down = true;
            spdlog::info("shutting down: {}", reason);
            transport.stop_reading();
            auto done = [&] {
                grace.cancel();
                io_.stop();
            };
            session->when_idle(done);
            if (session->in_flight() == 0) return;
            grace.expires_after(kShutdownGrace);
            grace.async_wait([&](boost::system::error_code error) {
                if (!error) session->abort_in_flight("The server is shutting down");
            });
        });
    };

    boost::asio::signal_set signals(io_, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code error, int signal_number) {
        if (!error) shutdown(signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    });
    // The transport's handlers run on the session's strand.
    boost::asio::post(strand, [&] {
        transport.start({
            .on_frame = [&](std::string_view frame) { session->handle_frame(frame); },
            .on_frame_too_large =
                [&](std::size_t limit) { session->reject_oversized_frame(limit); },
            .on_end_of_input = [&] { shutdown("end of input"); },
            .on_output_closed = [&] { shutdown("the client closed its input (our stdout)"); },
        });
    });

    // One session: a second I/O thread would only add wake-ups.
    run_io(1);
    transport.finish_writing();
    return 0;
}

int Daemon::run_http() {
    namespace http = transport::http;
    auto make_protocol = [this](boost::asio::any_io_executor strand, session::Session::SendFn send,
                                http::SessionStyle style) {
        auto session = std::make_shared<session::Session>(
            std::move(strand), dispatcher_, config_.limits, server_info(), std::move(send));
        // A stateless POST's session hears of no list changes or resource updates.
        if (style != http::SessionStyle::Stateless) hub_.add(session);
        return session;
    };
    http::SessionTable sessions(io_,
                                {config_.http.max_sessions, config_.http.session_idle_timeout,
                                 config_.http.sse_replay_events},
                                std::move(make_protocol));
    http::HttpServer server(io_, config_.http, config_.limits.max_message_bytes, sessions);
    server.start();
    sessions.start();

    // Shutdown: stop accepting, let calls in flight finish (for a grace
    // period), then close the sessions so their streams end cleanly, and
    // give the connections a moment to write that out.
    auto strand = boost::asio::make_strand(io_);
    bool shutting_down = false;  // strand only
    boost::asio::steady_timer grace(strand);
    boost::asio::steady_timer drain(strand);
    std::function<void(int)> wait_for_connections = [&](int checks_left) {
        if (server.open_connections() == 0 || checks_left == 0) {
            server.close_connections();
            io_.stop();
            return;
        }
        drain.expires_after(std::chrono::milliseconds(50));
        drain.async_wait(
            [&, checks_left](boost::system::error_code) { wait_for_connections(checks_left - 1); });
    };
    auto close_sessions = [&] {
        grace.cancel();
        sessions.close_all("the server is shutting down");
        server.finish_connections();
        wait_for_connections(20);
    };
    auto shutdown = [&](std::string reason) {
        boost::asio::post(strand, [&, reason = std::move(reason)] {
            if (shutting_down) return;
            shutting_down = true;
            spdlog::info("shutting down: {}", reason);
            server.stop_accepting();
            sessions.stop();
            const auto open = sessions.all();
            auto busy = std::make_shared<std::size_t>(open.size() + 1);
            auto settle = [&, busy] {
                boost::asio::post(strand, [&, busy] {
                    if (--*busy == 0) close_sessions();
                });
            };
            for (const auto& session : open) {
                boost::asio::post(session->strand(),
                                  [session, settle] { session->protocol().when_idle(settle); });
            }
            settle();
            grace.expires_after(kShutdownGrace);
            grace.async_wait([open](boost::system::error_code error) {
                if (error) return;
                for (const auto& session : open) {
                    boost::asio::post(session->strand(), [session] {
                        session->protocol().abort_in_flight("The server is shutting down");
                    });
                }
            });
        });
    };
    boost::asio::signal_set signals(io_, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code error, int signal_number) {
        if (!error) shutdown(signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    });
    run_io(thread_count());
    return 0;
}

session::ServerInfo Daemon::server_info() const {
    return {config_.server.name, PLUGBOARD_VERSION, config_.server.instructions};
}

void Daemon::run_io(unsigned threads) {
    auto work = boost::asio::make_work_guard(io_);
    std::vector<std::thread> other_threads;
    for (unsigned i = 1; i < threads; ++i)
        other_threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : other_threads)
        thread.join();
}
}  // namespace plugboard::app
