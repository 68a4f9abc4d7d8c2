// Runs tasks later on one plugin-owned thread, so handlers that must pause
// (the suite expects ~50 ms between log and progress notifications) never
// block a host pool thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace plugboard::conformance {

class Scheduler {
  public:
    using Clock = std::chrono::steady_clock;
    // Tasks must not throw.
    using Task = std::function<void()>;

    Scheduler();
    // Runs every pending one-shot task at once (each may owe a call its
    // completion), drops periodic ones, then joins the thread.
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void after(std::chrono::milliseconds delay, Task task);
    void every(std::chrono::milliseconds period, Task task);

  private:
    struct Entry {
        Task task;
        std::chrono::milliseconds period;  // zero for one-shot tasks
    };

    void add(Clock::time_point due, Entry entry);
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::multimap<Clock::time_point, Entry> entries_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace plugboard::conformance
