#include "transport/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "transport/http/tls_library.hpp"

namespace plugboard::transport::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using boost::system::error_code;

ConnectionLimits limits_from(const config::HttpSettings& settings, std::size_t max_body_bytes) {
    return ConnectionLimits{
        .max_body_bytes = max_body_bytes,
        .max_header_bytes = settings.max_header_bytes,
        .max_url_bytes = settings.max_url_bytes,
        .request_timeout = settings.request_timeout,
        .write_timeout = settings.write_timeout,
        .idle_timeout = settings.idle_connection_timeout,
        .keepalive_interval = settings.sse_keepalive_interval,
        .retry_hint = settings.sse_retry,
    };
}

asio::ssl::context make_tls_context(const config::TlsSettings& tls) {
    load_tls_library();
    asio::ssl::context context(asio::ssl::context::tls_server);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
    try {
        context.use_certificate_chain_file(tls.certificate.string());
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("cannot use TLS certificate " + tls.certificate.string() + ": " +
                                 error.code().message());
    }
    try {
        context.use_private_key_file(tls.private_key.string(), asio::ssl::context::pem);
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("cannot use TLS private key " + tls.private_key.string() + ": " +
                                 error.code().message());
    }
    return context;
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, const config::HttpSettings& settings,
                       std::size_t max_body_bytes, SessionTable& sessions)
    : io_(io),
      settings_(settings),
      limits_(limits_from(settings, max_body_bytes)),
      router_(sessions, settings) {
    if (settings.tls) tls_.emplace(make_tls_context(*settings.tls));
}

void HttpServer::start() {
    const std::string scheme = tls_ ? "https" : "http";
    for (const auto& address : settings_.listen) {
        try {
            tcp::resolver resolver(io_);
            const auto results = resolver.resolve(address.host, std::to_string(address.port),
                                                  tcp::resolver::passive);
            const tcp::endpoint endpoint = *results.begin();
            auto acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(io_));
            acceptor->open(endpoint.protocol());
            acceptor->set_option(tcp::acceptor::reuse_address(true));
            if (endpoint.address().is_v6()) acceptor->set_option(asio::ip::v6_only(true));
            acceptor->bind(endpoint);
            acceptor->listen(asio::socket_base::max_listen_connections);
            const auto bound = acceptor->local_endpoint();
            const std::string host = bound.address().is_v6()
                                         ? "[" + bound.address().to_string() + "]"
                                         : bound.address().to_string();
            spdlog::info("listening on {}://{}:{} (Streamable HTTP at /mcp, legacy SSE at /sse)",
                         scheme, host, bound.port());
            acceptors_.push_back(std::move(acceptor));
        } catch (const boost::system::system_error& error) {
            throw std::runtime_error("cannot listen on " + address.to_string() + ": " +
                                     error.code().message());
        }
    }
    for (auto& acceptor : acceptors_)
        asio::co_spawn(acceptor->get_executor(), accept_loop(*acceptor), asio::detached);
}

asio::awaitable<void> HttpServer::accept_loop(tcp::acceptor& acceptor) {
    for (;;) {
        error_code error;
        tcp::socket socket = co_await acceptor.async_accept(
            asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, error));
        if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (error) {
            // EMFILE and the like: back off instead of spinning.
            spdlog::warn("accept failed: {}", error.message());
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
            continue;
        }
        socket.set_option(tcp::no_delay(true), error);
        const auto executor = socket.get_executor();
        beast::tcp_stream plain(std::move(socket));
        if (tls_) {
            asio::co_spawn(executor, serve(TlsStream(std::move(plain), *tls_)), asio::detached);
        } else {
            asio::co_spawn(executor, serve(std::move(plain)), asio::detached);
        }
    }
}

template <class Stream>
asio::awaitable<void> HttpServer::serve(Stream stream) {
    auto control = std::make_shared<ConnectionControl>();
    const auto executor = co_await asio::this_coro::executor;
    control->close = [executor, &stream, weak = std::weak_ptr(control)](bool force) {
        asio::dispatch(executor, [&stream, weak, force] {
            auto alive = weak.lock();
            if (!alive) return;
            alive->stopping = true;
            if (force || alive->idle) {
                error_code ignored;
                beast::get_lowest_layer(stream).socket().cancel(ignored);
            }
        });
    };
    const std::uint64_t id = track(control);
    try {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            error_code error;
            beast::get_lowest_layer(stream).expires_after(limits_.request_timeout);
            co_await stream.async_handshake(asio::ssl::stream_base::server,
                                            asio::redirect_error(asio::use_awaitable, error));
            if (error) {
                spdlog::debug("TLS handshake failed: {}", error.message());
                untrack(id);
                co_return;
            }
        }
        co_await serve_connection(stream, router_, limits_, control);
        error_code ignored;
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    } catch (const std::exception& error) {
        spdlog::error("connection failed: {}", error.what());
    }
    untrack(id);
}

std::uint64_t HttpServer::track(std::shared_ptr<ConnectionControl> control) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_connection_++;
    if (stopping_) control->close(false);
    connections_.emplace(id, std::move(control));
    return id;
}

void HttpServer::untrack(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
}

void HttpServer::stop_accepting() {
    for (auto& acceptor : acceptors_) {
        asio::dispatch(acceptor->get_executor(), [&acceptor] {
            error_code ignored;
            acceptor->close(ignored);
        });
    }
}

void HttpServer::finish_connections() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, control] : connections_)
        control->close(false);
}

void HttpServer::close_connections() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, control] : connections_)
        control->close(true);
}

std::size_t HttpServer::open_connections() {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

}  // namespace plugboard::transport::http
