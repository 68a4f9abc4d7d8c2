#include "host/plugin_threads.hpp"

#include <pthread.h>

#include <algorithm>

namespace plugboard::host {

PluginThreads::PluginThreads(std::size_t count)
    : count_(std::max<std::size_t>(count, 1)),
      context_(static_cast<int>(count_)),
      work_(context_.get_executor()) {}

PluginThreads::~PluginThreads() {
    join();
}

void PluginThreads::start() {
    if (started_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(mutex_);
    if (started_.load(std::memory_order_relaxed) || joined_) return;
    threads_.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) {
        threads_.emplace_back([this] { context_.run(); });
        pthread_setname_np(threads_.back().native_handle(), "pb-plugin");
    }
    started_.store(true, std::memory_order_release);
}

void PluginThreads::join() {
    std::lock_guard lock(mutex_);
    joined_ = true;  // what is posted from now on never runs
    work_.reset();
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
}

}  // namespace plugboard::host
