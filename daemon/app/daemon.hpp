// Wires the layers together for one run: I/O threads, the plugin pool, the
// registry and plugin host, and a transport feeding sessions.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "config/config.hpp"
#include "dispatch/dispatcher.hpp"
#include "host/plugin_host.hpp"
#include "registry/registry.hpp"
#include "session/session_hub.hpp"

namespace plugboard::app {

// The real stdin/stdout, saved before plugins load. From then on fd 0 reads
// /dev/null and fd 1 writes to stderr, so no plugin can steal input or
// corrupt the protocol stream.
struct StdioFds {
    int input = -1;
    int output = -1;
};
StdioFds isolate_stdio();

class Daemon {
  public:
    explicit Daemon(config::Config config);
    ~Daemon();

    // Serves one client over the given descriptors until end of input or
    // SIGINT/SIGTERM. Returns the process exit code.
    int run_stdio(StdioFds fds);
    // Serves MCP over HTTP on the configured addresses until SIGINT/SIGTERM.
    // Throws std::runtime_error when an address cannot be bound.
    int run_http();

  private:
    session::ServerInfo server_info() const;
    // Runs `threads` I/O threads, this one among them, until io_.stop().
    void run_io(unsigned threads);

    config::Config config_;
    boost::asio::io_context io_;
    host::PluginThreads plugin_pool_;
    registry::Registry registry_;
    host::PluginHost host_;
    dispatch::Dispatcher dispatcher_;
    session::SessionHub hub_;
};

}  // namespace plugboard::app
