#include "host/plugin_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace plugboard::host {
namespace {

TEST(PluginThreadsTest, StartOnlyWhenTheFirstHandlerIsPosted) {
    PluginThreads threads(4);
    EXPECT_EQ(threads.running(), 0u);
    std::promise<std::thread::id> ran_on;
    threads.post([&] { ran_on.set_value(std::this_thread::get_id()); });
    auto future = ran_on.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_NE(future.get(), std::this_thread::get_id());
    EXPECT_EQ(threads.running(), 4u);
}

TEST(PluginThreadsTest, HandlersRunInParallelUpToTheThreadCount) {
    PluginThreads threads(2);
    std::atomic<int> waiting{0};
    std::promise<void> both_started;
    for (int i = 0; i < 2; ++i) {
        threads.post([&] {
            // Each waits for the other: only two threads let both finish.
            if (++waiting == 2) both_started.set_value();
            while (waiting.load() < 2)
                std::this_thread::yield();
        });
    }
    EXPECT_EQ(both_started.get_future().wait_for(std::chrono::seconds(5)),
              std::future_status::ready);
}

TEST(PluginThreadsTest, AStrandRunsItsHandlersOneAtATime) {
    PluginThreads threads(4);
    auto strand = threads.make_strand();
    std::atomic<int> inside{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> done{0};
    for (int i = 0; i < 50; ++i) {
        threads.post(strand, [&] {
            if (++inside > 1) ++overlaps;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            --inside;
            ++done;
        });
    }
    threads.join();
    EXPECT_EQ(done.load(), 50);
    EXPECT_EQ(overlaps.load(), 0);
}

TEST(PluginThreadsTest, JoinRunsWhatWasPostedFirst) {
    PluginThreads threads(1);
    std::atomic<int> ran{0};
    for (int i = 0; i < 10; ++i) {
        threads.post([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ++ran;
        });
    }
    threads.join();
    EXPECT_EQ(ran.load(), 10);
}

TEST(PluginThreadsTest, WhatIsPostedAfterJoinNeverRuns) {
    PluginThreads threads(2);
    threads.join();  // never started: nothing to wait for
    std::atomic<bool> ran{false};
    threads.post([&] { ran = true; });
    threads.join();
    EXPECT_FALSE(ran.load());
    EXPECT_EQ(threads.running(), 0u);
}

}  // namespace
}  // namespace plugboard::host
