// The HTTP listeners: binds the configured addresses (with TLS when a
// certificate is set), accepts connections and serves each on a strand of
// its own. Sessions live in the SessionTable, shared by all listeners.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "config/config.hpp"
#include "transport/http/connection.hpp"
#include "transport/http/router.hpp"
#include "transport/http/session_table.hpp"

namespace plugboard::transport::http {

class HttpServer {
  public:
    HttpServer(boost::asio::io_context& io, const config::HttpSettings& settings,
               std::size_t max_body_bytes, SessionTable& sessions);

    // Binds every address and starts accepting; throws std::runtime_error
    // naming the address that failed.
    void start();
    void stop_accepting();
    // Ends connections between requests now and the rest after their
    // current response.
    void finish_connections();
    // Ends every connection still open; their event streams stop mid-way.
    void close_connections();
    std::size_t open_connections();

  private:
    boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor);
    template <class Stream>
    boost::asio::awaitable<void> serve(Stream stream);
    std::uint64_t track(std::shared_ptr<ConnectionControl> control);
    void untrack(std::uint64_t id);

    boost::asio::io_context& io_;
    const config::HttpSettings& settings_;
    ConnectionLimits limits_;
    Router router_;
    std::optional<boost::asio::ssl::context> tls_;
    std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;

    std::mutex mutex_;
    std::map<std::uint64_t, std::shared_ptr<ConnectionControl>> connections_;
    std::uint64_t next_connection_ = 1;
    bool stopping_ = false;
};

}  // namespace plugboard::transport::http
