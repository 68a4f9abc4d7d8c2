#include "transport/stdio_transport.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plugboard::transport {
namespace {

using ::testing::ElementsAre;

// What the transport reported, in order: frames, "too large <limit>", "end".
class Events {
  public:
    StdioTransport::Handlers handlers() {
        return {
            .on_frame = [this](std::string_view frame) { push("frame " + std::string(frame)); },
            .on_frame_too_large =
                [this](std::size_t limit) { push("too large " + std::to_string(limit)); },
            .on_end_of_input = [this] { push("end"); },
            .on_output_closed = [this] { push("output closed"); },
        };
    }
    bool wait_for(std::string_view event,
                  std::chrono::milliseconds limit = std::chrono::seconds(2)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] {
            return std::find(events_.begin(), events_.end(), event) != events_.end();
        });
    }
    std::size_t count_starting_with(std::string_view prefix) const {
        std::lock_guard lock(mutex_);
        return static_cast<std::size_t>(
            std::count_if(events_.begin(), events_.end(),
                          [&](const auto& event) { return event.starts_with(prefix); }));
    }
    std::vector<std::string> all() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

  private:
    void push(std::string event) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
        }
        changed_.notify_all();
    }

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> events_;
};

class StdioTransportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(::pipe(input_), 0);
        ASSERT_EQ(::pipe(output_), 0);
        io_thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        stop_io();
        transport_.reset();
        close_fd(input_[1]);
        close_fd(output_[0]);
    }

    void start(std::size_t max_frame_bytes = 1024) {
        start_with(events_.handlers(), max_frame_bytes);
    }
    void start_with(StdioTransport::Handlers handlers, std::size_t max_frame_bytes = 1024) {
        transport_ =
            std::make_unique<StdioTransport>(strand_, input_[0], output_[1], max_frame_bytes);
        input_[0] = output_[1] = -1;  // the transport's now
        on_strand([&] { transport_->start(std::move(handlers)); });
    }
    // Runs `fn` on the transport's strand and waits for it.
    void on_strand(std::function<void()> fn) {
        std::promise<void> done;
        boost::asio::post(strand_, [&] {
            fn();
            done.set_value();
        });
        done.get_future().wait();
    }
    void send(std::string frame) {
        on_strand([&] { transport_->send(frame); });
    }
    // Every handler has run; the transport may be used from this thread.
    void stop_io() {
        work_.reset();
        io_.stop();
        if (io_thread_.joinable()) io_thread_.join();
    }
    void write_input(std::string_view bytes) {
        ASSERT_EQ(::write(input_[1], bytes.data(), bytes.size()),
                  static_cast<ssize_t>(bytes.size()));
    }
    void end_input() { close_fd(input_[1]); }
    // Everything written until the transport closed its end.
    std::string read_all_output() {
        stop_io();
        transport_->finish_writing();
        transport_.reset();
        std::string out;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
        return out;
    }
    static void close_fd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
        boost::asio::make_work_guard(io_);
    boost::asio::any_io_executor strand_ = boost::asio::make_strand(io_);
    std::thread io_thread_;
    int input_[2] = {-1, -1};   // the test writes [1]; the transport owns [0]
    int output_[2] = {-1, -1};  // the transport owns [1]; the test reads [0]
    Events events_;
    std::unique_ptr<StdioTransport> transport_;
};

TEST_F(StdioTransportTest, SplitsFramesOnNewlines) {
    start();
    write_input("{\"a\":1}\n{\"b\":2}\r\n\n   \n\r\n\t\n{\"c\":3}\n");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(),
                ElementsAre("frame {\"a\":1}", "frame {\"b\":2}", "frame {\"c\":3}", "end"));
}

TEST_F(StdioTransportTest, JoinsFramesSplitAcrossWrites) {
    start();
    write_input("{\"long\":");
    write_input("\"value\"");
    write_input("}\n{\"next\"");
    write_input(":0}\n");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(),
                ElementsAre("frame {\"long\":\"value\"}", "frame {\"next\":0}", "end"));
}

TEST_F(StdioTransportTest, DeliversTheLastFrameWithoutNewlineAtEndOfInput) {
    start();
    write_input("{\"first\":1}\n{\"last\":2}");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("frame {\"first\":1}", "frame {\"last\":2}", "end"));
}

TEST_F(StdioTransportTest, StripsTheCarriageReturnOfTheLastFrameToo) {
    start();
    write_input("{\"a\":1}\r\n{\"b\":2}\r");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("frame {\"a\":1}", "frame {\"b\":2}", "end"));
}

// The limit is on the message; a CRLF line ending is not part of it.
TEST_F(StdioTransportTest, CarriageReturnDoesNotCountTowardsTheLimit) {
    start(16);
    write_input("0123456789abcdef\r\n{}\n");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("frame 0123456789abcdef", "frame {}", "end"));
}

TEST_F(StdioTransportTest, DropsAnOversizedFrameOnceAndGoesOn) {
    start(16);
    write_input("0123456789abcdef\n");     // exactly the limit: kept
    write_input("0123456789abcdefg");      // one byte over ...
    write_input("more and more bytes\n");  // ... reported once, at its end
    write_input("{\"ok\":true}\n");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("frame 0123456789abcdef", "too large 16",
                                           "frame {\"ok\":true}", "end"));
}

TEST_F(StdioTransportTest, DropsAnOversizedFrameThatArrivesInOneRead) {
    start(8);
    write_input("{\"x\":\"too long\"}\n{}\n");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("too large 8", "frame {}", "end"));
}

TEST_F(StdioTransportTest, OversizedLastFrameIsReportedAtEndOfInput) {
    start(8);
    write_input("{\"x\":\"too long\"}");
    end_input();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("too large 8", "end"));
}

TEST_F(StdioTransportTest, StopReadingEndsWithoutEndOfInput) {
    start();
    write_input("{\"before\":1}\n");
    ASSERT_TRUE(events_.wait_for("frame {\"before\":1}"));
    on_strand([&] { transport_->stop_reading(); });
    write_input("{\"after\":1}\n");
    end_input();
    stop_io();
    transport_.reset();
    EXPECT_THAT(events_.all(), ElementsAre("frame {\"before\":1}"));
}

// epoll cannot watch a regular file, so `plugboard < requests.jsonl` goes
// through the pump thread.
TEST_F(StdioTransportTest, ReadsARegularFile) {
    char path[] = "/tmp/plugboard-stdio-XXXXXX";
    const int file = ::mkstemp(path);
    ASSERT_GE(file, 0);
    ::unlink(path);
    const std::string text = "{\"a\":1}\n{\"b\":2}";
    ASSERT_EQ(::write(file, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::lseek(file, 0, SEEK_SET);
    close_fd(input_[0]);
    input_[0] = file;
    start();
    ASSERT_TRUE(events_.wait_for("end"));
    EXPECT_THAT(events_.all(), ElementsAre("frame {\"a\":1}", "frame {\"b\":2}", "end"));
}

// The client (or the shell owning the terminal) shares the descriptors we
// were given; making ours non-blocking must not change theirs.
TEST_F(StdioTransportTest, LeavesTheSharedDescriptorsBlocking) {
    const int client_view_of_input = ::dup(input_[0]);
    const int client_view_of_output = ::dup(output_[1]);
    start();
    EXPECT_EQ(::fcntl(client_view_of_input, F_GETFL) & O_NONBLOCK, 0);
    EXPECT_EQ(::fcntl(client_view_of_output, F_GETFL) & O_NONBLOCK, 0);
    ::close(client_view_of_input);
    ::close(client_view_of_output);
}

TEST_F(StdioTransportTest, WritesEachFrameWithANewline) {
    start();
    send(R"({"id":1})");
    send("");
    send(R"({"id":2})");
    EXPECT_EQ(read_all_output(), "{\"id\":1}\n\n{\"id\":2}\n");
}

TEST_F(StdioTransportTest, AnswersToOneReadLeaveInOrder) {
    auto handlers = events_.handlers();
    handlers.on_frame = [this](std::string_view frame) { transport_->send(frame); };
    start_with(std::move(handlers));
    write_input("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
    std::string out;
    char buffer[256];
    while (out.size() < 24) {
        const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
        ASSERT_GT(n, 0);
        out.append(buffer, static_cast<std::size_t>(n));
    }
    EXPECT_EQ(out, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

// A client with many requests in flight gets the first answers while the
// daemon still works on the rest of what it sent in one go.
TEST_F(StdioTransportTest, AnswersLeaveBeforeTheWholeReadIsHandled) {
    constexpr unsigned kGroup = StdioTransport::kAnswersPerWrite;
    constexpr unsigned kFrames = 3 * kGroup + 1;
    std::vector<int> written_before;  // output bytes waiting when frame i arrived
    std::promise<void> all_handled;
    auto handlers = events_.handlers();
    handlers.on_frame = [&](std::string_view frame) {
        int waiting = 0;
        ::ioctl(output_[0], FIONREAD, &waiting);
        written_before.push_back(waiting);
        transport_->send(frame);
        if (written_before.size() == kFrames) all_handled.set_value();
    };
    start_with(std::move(handlers));
    std::string input;
    for (unsigned i = 0; i < kFrames; ++i)
        input += "{\"n\":" + std::to_string(i % 10) + "}\n";
    write_input(input);  // one write: the transport reads it in one go
    ASSERT_EQ(all_handled.get_future().wait_for(std::chrono::seconds(5)),
              std::future_status::ready);
    const std::string out = read_all_output();
    EXPECT_EQ(out, input);
    ASSERT_EQ(written_before.size(), kFrames);
    constexpr int kAnswerBytes = 8;  // {"n":d} and a newline
    for (unsigned i = 0; i < kFrames; ++i) {
        EXPECT_EQ(written_before[i], static_cast<int>(i / kGroup * kGroup) * kAnswerBytes)
            << "when frame " << i << " was handled";
    }
}

TEST_F(StdioTransportTest, KeepsEachSendersOrderUnderConcurrency) {
    start();
    constexpr int kThreads = 4;
    constexpr int kFrames = 300;
    std::vector<std::thread> senders;
    for (int t = 0; t < kThreads; ++t) {
        senders.emplace_back([this, t] {
            for (int i = 0; i < kFrames; ++i) {
                boost::asio::post(strand_, [this, t, i] {
                    transport_->send("{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) +
                                     "}");
                });
            }
        });
    }
    // Read while they write, so a full pipe cannot stall the writer.
    std::string out;
    std::thread reader([&] {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    });
    for (auto& sender : senders)
        sender.join();
    on_strand([] {});  // every post has run
    stop_io();
    transport_->finish_writing();
    transport_.reset();  // closes the write end: the reader sees EOF
    reader.join();

    std::map<int, int> next_index;
    std::size_t lines = 0, start_of_line = 0;
    for (std::size_t newline; (newline = out.find('\n', start_of_line)) != std::string::npos;
         start_of_line = newline + 1) {
        const std::string line = out.substr(start_of_line, newline - start_of_line);
        int t = -1, i = -1;
        ASSERT_EQ(std::sscanf(line.c_str(), "{\"t\":%d,\"i\":%d}", &t, &i), 2) << line;
        EXPECT_EQ(i, next_index[t]++) << "sender " << t;
        ++lines;
    }
    EXPECT_EQ(start_of_line, out.size()) << "output ends without a newline";
    EXPECT_EQ(lines, static_cast<std::size_t>(kThreads * kFrames));
}

TEST_F(StdioTransportTest, FinishWritingFlushesThenRefusesMore) {
    start();
    std::string big(200 * 1024, 'x');  // larger than a pipe buffer
    send(big);
    send("tail");
    stop_io();
    std::string out;
    std::thread reader([&] {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    });
    transport_->finish_writing();
    transport_->send("after");
    transport_.reset();
    reader.join();
    EXPECT_EQ(out.size(), big.size() + 6);
    EXPECT_EQ(out.substr(out.size() - 6), "\ntail\n");
}

// A client that does not read its answers stops being read from, so the
// daemon does not buffer without bound; reading resumes once it catches up.
TEST_F(StdioTransportTest, PausesReadingWhileTheOutputIsBackedUp) {
    const std::string answer(5 * 1024 * 1024, 'x');  // over the 4 MiB of slack
    auto handlers = events_.handlers();
    handlers.on_frame = [&, record = handlers.on_frame](std::string_view frame) {
        record(frame);
        transport_->send(answer);
    };
    start_with(std::move(handlers));
    write_input("{\"n\":1}\n");
    ASSERT_TRUE(events_.wait_for("frame {\"n\":1}"));
    write_input("{\"n\":2}\n");
    EXPECT_FALSE(events_.wait_for("frame {\"n\":2}", std::chrono::milliseconds(300)));

    std::size_t drained = 0;
    std::thread reader([&] {
        char buffer[65536];
        while (drained < 2 * (answer.size() + 1)) {
            const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
            if (n <= 0) break;
            drained += static_cast<std::size_t>(n);
        }
    });
    EXPECT_TRUE(events_.wait_for("frame {\"n\":2}", std::chrono::seconds(5)));
    reader.join();
    EXPECT_EQ(drained, 2 * (answer.size() + 1));
    stop_io();  // the handler uses `answer`; a pipe is no happens-before edge for TSan
}

TEST_F(StdioTransportTest, ReportsAClientThatStoppedReading) {
    std::signal(SIGPIPE, SIG_IGN);  // as the daemon's main does
    start();
    close_fd(output_[0]);
    send("{}");
    ASSERT_TRUE(events_.wait_for("output closed"));
    send("{}");  // dropped, not reported again
    stop_io();
    transport_.reset();
    EXPECT_EQ(events_.count_starting_with("output closed"), 1u);
}

}  // namespace
}  // namespace plugboard::transport
