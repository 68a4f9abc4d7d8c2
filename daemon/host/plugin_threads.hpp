// The threads that run blocking plugin handlers. They start with the first
// handler posted to them, not with the daemon: creating them is a large part
// of startup on a small machine (bench/RESULTS.md), and a daemon whose items
// are all nonblocking never needs them.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace plugboard::host {

class PluginThreads {
  public:
    using Executor = boost::asio::io_context::executor_type;
    using Strand = boost::asio::strand<Executor>;

    explicit PluginThreads(std::size_t count);
    ~PluginThreads();  // join()
    PluginThreads(const PluginThreads&) = delete;
    PluginThreads& operator=(const PluginThreads&) = delete;

    // Handlers posted through a strand of these threads run one at a time.
    Strand make_strand() { return Strand(context_.get_executor()); }

    // Runs `handler` on one of the threads, or through `strand`; any thread.
    template <class Handler>
    void post(Handler&& handler) {
        start();
        boost::asio::post(context_, std::forward<Handler>(handler));
    }
    template <class Handler>
    void post(Strand& strand, Handler&& handler) {
        start();
        boost::asio::post(strand, std::forward<Handler>(handler));
    }

    // Lets what was posted run to the end, then joins the threads. What is
    // posted after it never runs.
    void join();

    std::size_t running() const { return started_.load() ? count_ : 0; }

  private:
    void start();

    const std::size_t count_;  // before context_, which is sized by it
    boost::asio::io_context context_;
    boost::asio::executor_work_guard<Executor> work_;
    std::atomic<bool> started_{false};
    std::mutex mutex_;  // guards the start, threads_ and joined_
    std::vector<std::thread> threads_;
    bool joined_ = false;
};

}  // namespace plugboard::host
