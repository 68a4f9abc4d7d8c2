// The asynchronous form: handlers that own a plugboard::Call and answer
// through it, possibly later and from another thread.
#include <plugboard/plugin.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_plugin.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using plugboard::Call;
using plugboard::Plugin;
using plugboard::Status;
using plugboard::ToolResult;

const json kAnyObject = {{"type", "object"}};

json raw_tool(const std::string& name) {
    return {{"name", name}, {"inputSchema", kAnyObject}};
}

class Calls : public cxxapi_test::PluginTest {
  protected:
    // Threads the handlers start (a Call is move-only, so no std::function);
    // joined before the host unloads.
    template <class Work>
    void run_later(Work&& work) {
        std::lock_guard lock(workers_mutex_);
        workers_.emplace_back(std::forward<Work>(work));
    }

    void TearDown() override {
        {
            std::lock_guard lock(workers_mutex_);
            for (auto& worker : workers_)
                worker.join();
        }
        PluginTest::TearDown();
    }

    // Registers one raw tool "t" and calls it.
    plugboard::testing::CallResult call(plugboard::Handler handler,
                                        std::string_view arguments = "{}") {
        EXPECT_TRUE(
            load([&](Plugin& plugin, const json&) { plugin.tool(raw_tool("t"), handler); }).ok());
        return host.call_tool("t", arguments);
    }

  private:
    std::mutex workers_mutex_;
    std::vector<std::thread> workers_;
};

TEST_F(Calls, SeesTheRequest) {
    const auto result = call(
        [](Call call) {
            const json params = call.params();
            call.complete(ToolResult::text(call.method() + " " + params["name"].get<std::string>() +
                                           " " + call.arguments().dump()));
        },
        R"({"x":1})");
    EXPECT_EQ(result.json["content"][0]["text"], R"(tools/call t {"x":1})");
}

TEST_F(Calls, CompletesFromAnotherThreadAfterTheHandlerReturned) {
    std::atomic<bool> handler_returned = false;
    const auto result = call([&](Call call) {
        run_later([&handler_returned, call = std::move(call)]() mutable {
            while (!handler_returned)
                std::this_thread::sleep_for(1ms);
            call.complete(ToolResult::text("done"));
        });
        handler_returned = true;
    });
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json["content"][0]["text"], "done");
}

TEST_F(Calls, TypedAsyncToolGetsItsArguments) {
    ASSERT_TRUE(load([&](Plugin& plugin, const json&) {
                    plugin.tool("t", "Repeats",
                                [this](Call call, const std::string& word, int times) {
                                    run_later([call = std::move(call), word, times]() mutable {
                                        std::string text;
                                        for (int i = 0; i < times; ++i)
                                            text += word;
                                        call.complete(ToolResult::text(text));
                                    });
                                },
                                {{"word", "What"}, {"times", "How often"}});
                }).ok());
    EXPECT_EQ(host.definition(PB_ITEM_TOOL, "t").value()["inputSchema"]["required"],
              json::parse(R"(["word","times"])"));
    EXPECT_EQ(host.call_tool("t", R"({"word":"ab","times":3})").json["content"][0]["text"],
              "ababab");
}

TEST_F(Calls, ForgottenCallFailsWithAnInternalError) {
    const auto result = call([](Call) {});
    ASSERT_TRUE(result.completed);
    EXPECT_EQ(result.status, PB_ERR_INTERNAL);
    EXPECT_EQ(result.message, "handler did not complete the call");
}

TEST_F(Calls, CallDroppedOnAnotherThreadFailsThere) {
    const auto result = call([this](Call call) { run_later([call = std::move(call)] {}); });
    EXPECT_EQ(result.status, PB_ERR_INTERNAL);
    EXPECT_EQ(result.message, "handler did not complete the call");
}

TEST_F(Calls, SecondCompletionIsDroppedWithAWarning) {
    const auto result = call([](Call call) {
        call.complete(ToolResult::text("first"));
        call.complete(ToolResult::text("second"));
        call.fail(Status::internal, "third");
    });
    EXPECT_EQ(result.json["content"][0]["text"], "first");
    host.unload();  // the handler goes on after its first completion
    const auto logs = host.host_logs();
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0].level, PB_LOG_WARNING);
    EXPECT_EQ(logs[0].message, "a call was completed twice; the second completion was dropped");
}

TEST_F(Calls, FailSendsTheStatusAndMessage) {
    const auto result = call([](Call call) { call.fail(Status::unsupported, "not here"); });
    EXPECT_EQ(result.status, PB_ERR_UNSUPPORTED);
    EXPECT_EQ(result.message, "not here");
}

TEST_F(Calls, NonObjectResultBecomesAnInternalError) {
    const auto result = call([](Call call) { call.complete(json::array()); });
    EXPECT_EQ(result.status, PB_ERR_INTERNAL);
    EXPECT_EQ(result.message, "the handler's result is not a JSON object");
}

TEST_F(Calls, ExceptionBeforeCompletingIsAToolFailure) {
    const auto result = call([](Call) { throw std::runtime_error("bad input"); });
    EXPECT_EQ(result.json,
              json::parse(R"({"content":[{"type":"text","text":"bad input"}],"isError":true})"));
}

TEST_F(Calls, ExceptionAfterCompletingIsOnlyLogged) {
    const auto result = call([](Call call) {
        call.complete(ToolResult::text("ok"));
        throw std::runtime_error("late");
    });
    EXPECT_EQ(result.json["content"][0]["text"], "ok");
    host.unload();  // the handler goes on after its completion
    ASSERT_EQ(host.host_logs().size(), 1u);
    EXPECT_EQ(host.host_logs()[0].message, "a handler threw after completing its call");
}

TEST_F(Calls, UsingAMovedFromCallIsCaught) {
    const auto result = call([](Call call) {
        Call owner = std::move(call);
        call.complete(ToolResult::text("never"));  // NOLINT(bugprone-use-after-move): the point
    });
    EXPECT_EQ(result.json["isError"], true);
    EXPECT_EQ(result.json["content"][0]["text"], "plugboard::Call used after it was moved from");
}

TEST_F(Calls, ReportsProgressAndLogs) {
    const auto result = call([](Call call) {
        call.progress(1, 2, "half");
        call.progress(2);
        call.log(plugboard::LogLevel::warning, {{"disk", "slow"}}, "storage");
        call.log(plugboard::LogLevel::debug, "plain text");
        call.complete(ToolResult::text("done"));
    });
    ASSERT_EQ(result.progress.size(), 2u);
    EXPECT_EQ(result.progress[0].progress, 1);
    EXPECT_EQ(result.progress[0].total, 2);
    EXPECT_EQ(result.progress[0].message, "half");
    EXPECT_EQ(result.progress[1].total, -1);
    EXPECT_EQ(result.progress[1].message, "");
    ASSERT_EQ(result.logs.size(), 2u);
    EXPECT_EQ(result.logs[0].level, PB_LOG_WARNING);
    EXPECT_EQ(result.logs[0].logger, "storage");
    EXPECT_EQ(result.logs[0].data, json::parse(R"({"disk":"slow"})"));
    EXPECT_EQ(result.logs[1].level, PB_LOG_DEBUG);
    EXPECT_EQ(result.logs[1].logger, "");
    EXPECT_EQ(result.logs[1].data, "plain text");
}

TEST_F(Calls, CancellationWakesTheWorkerAndRunsTheCallback) {
    std::atomic<bool> callback_ran = false;
    ASSERT_TRUE(load([&](Plugin& plugin, const json&) {
                    plugin.tool(raw_tool("t"), [&](Call call) {
                        call.on_cancel([&callback_ran] { callback_ran = true; });
                        run_later([call = std::move(call)]() mutable {
                            call.progress(1);
                            while (!call.wait_cancelled(10s)) {
                            }
                            call.fail(Status::cancelled, "stopped");
                        });
                    });
                }).ok());
    const auto started = std::chrono::steady_clock::now();
    const auto pending = host.start_tool("t");
    ASSERT_TRUE(pending.wait_for_progress(1, 5s));
    host.cancel(pending);
    const auto result = pending.wait(5s);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(result.status, PB_ERR_CANCELLED);
    EXPECT_EQ(result.message, "stopped");
    EXPECT_TRUE(callback_ran);
}

TEST_F(Calls, CallbackRegisteredAfterCancellationRunsAtOnce) {
    ASSERT_TRUE(load([&](Plugin& plugin, const json&) {
                    plugin.tool(raw_tool("t"), [&](Call call) {
                        run_later([call = std::move(call)]() mutable {
                            call.progress(1);
                            while (!call.cancelled())
                                std::this_thread::sleep_for(1ms);
                            bool ran = false;
                            call.on_cancel([&ran] { ran = true; });
                            call.complete(ToolResult::text(ran ? "ran" : "did not run"));
                        });
                    });
                }).ok());
    const auto pending = host.start_tool("t");
    ASSERT_TRUE(pending.wait_for_progress(1, 5s));
    host.cancel(pending);
    EXPECT_EQ(pending.wait(5s).json["content"][0]["text"], "ran");
}

TEST_F(Calls, WaitCancelledTimesOutWhenNotCancelled) {
    const auto result = call([](Call call) {
        const bool cancelled = call.wait_cancelled(1ms);
        call.complete(ToolResult::text(cancelled ? "cancelled" : "timed out"));
    });
    EXPECT_EQ(result.json["content"][0]["text"], "timed out");
}

TEST_F(Calls, AsksTheClient) {
    host.on_ask_client([](std::int32_t what, const json& params) {
        EXPECT_EQ(what, PB_ASK_ELICITATION);
        EXPECT_EQ(params["message"], "Your name?");
        return plugboard::testing::ClientReply{PB_OK,
                                               R"({"action":"accept","content":{"name":"Ada"}})"};
    });
    const auto result = call([](Call call) {
        auto owner = std::make_shared<Call>(std::move(call));
        owner->ask_client(plugboard::Ask::elicitation, {{"message", "Your name?"}},
                          [owner](plugboard::ClientAnswer answer) {
                              owner->complete(ToolResult::text(
                                  answer.ok() ? answer.result["content"]["name"].get<std::string>()
                                              : answer.message));
                          });
    });
    EXPECT_EQ(result.json["content"][0]["text"], "Ada");
}

TEST_F(Calls, ClientWithoutTheCapabilityAnswersUnsupported) {
    const auto result = call([](Call call) {
        auto owner = std::make_shared<Call>(std::move(call));
        owner->ask_client(
            plugboard::Ask::roots, json::object(), [owner](plugboard::ClientAnswer answer) {
                owner->complete(ToolResult::text(std::to_string(static_cast<int>(answer.status)) +
                                                 " " + answer.message));
            });
    });
    EXPECT_EQ(result.json["content"][0]["text"],
              std::to_string(PB_ERR_UNSUPPORTED) + " the fake client has no capabilities");
}

}  // namespace
