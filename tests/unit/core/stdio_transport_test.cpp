#include "transport/stdio_transport.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
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
            .on_frame = [this](std::string frame) { push("frame " + frame); },
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
    }
    void TearDown() override {
        transport_.reset();
        close_fd(input_[1]);
        close_fd(output_[0]);
    }

    void start(std::size_t max_frame_bytes = 1024) {
        transport_ = std::make_unique<StdioTransport>(input_[0], output_[1], max_frame_bytes);
        transport_->start(events_.handlers());
    }
    void write_input(std::string_view bytes) {
        ASSERT_EQ(::write(input_[1], bytes.data(), bytes.size()),
                  static_cast<ssize_t>(bytes.size()));
    }
    void end_input() { close_fd(input_[1]); }
    // Everything written until the transport closed its end.
    std::string read_all_output() {
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
    transport_->stop_reading();
    transport_.reset();
    EXPECT_THAT(events_.all(), ElementsAre("frame {\"before\":1}"));
}

TEST_F(StdioTransportTest, WritesEachFrameWithANewline) {
    start();
    transport_->send(R"({"id":1})");
    transport_->send("");
    transport_->send(R"({"id":2})");
    EXPECT_EQ(read_all_output(), "{\"id\":1}\n\n{\"id\":2}\n");
}

TEST_F(StdioTransportTest, KeepsEachSendersOrderUnderConcurrency) {
    start();
    constexpr int kThreads = 4;
    constexpr int kFrames = 300;
    std::vector<std::thread> senders;
    for (int t = 0; t < kThreads; ++t) {
        senders.emplace_back([this, t] {
            for (int i = 0; i < kFrames; ++i) {
                transport_->send("{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) +
                                 "}");
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
    std::string out;
    std::thread reader([&] {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(output_[0], buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    });
    transport_->send(big);
    transport_->send("tail");
    transport_->finish_writing();
    transport_->send("after");
    transport_.reset();
    reader.join();
    EXPECT_EQ(out.size(), big.size() + 6);
    EXPECT_EQ(out.substr(out.size() - 6), "\ntail\n");
}

TEST_F(StdioTransportTest, ReportsAClientThatStoppedReading) {
    std::signal(SIGPIPE, SIG_IGN);  // as the daemon's main does
    start();
    close_fd(output_[0]);
    transport_->send("{}");
    ASSERT_TRUE(events_.wait_for("output closed"));
    transport_->send("{}");  // dropped, not reported again
    transport_.reset();
    const auto events = events_.all();
    EXPECT_EQ(std::count(events.begin(), events.end(), "output closed"), 1);
}

}  // namespace
}  // namespace plugboard::transport
