// Runs a function on a session's strand for a connection's coroutine. When
// the strand is idle (the usual case: one client, one request at a time) it
// runs right here, nested in the connection's handler, instead of a post to
// the strand and another post back, which cost more than serving an echo.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <type_traits>

namespace plugboard::transport::http {

// `caller` must be the executor (a strand) the awaiting coroutine runs on.
template <class Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> run_on_strand(boost::asio::any_io_executor strand,
                                                                boost::asio::any_io_executor caller,
                                                                Fn fn) {
    using Result = std::invoke_result_t<Fn&>;
    struct State {
        explicit State(const boost::asio::any_io_executor& executor)
            : done(executor, boost::asio::steady_timer::time_point::max()) {}
        boost::asio::steady_timer done;  // cancelled when a queued run finishes
        std::optional<Result> result;    // touched only on `caller`
    };
    // Which call is being dispatched on this thread: a run that happens
    // inside dispatch() itself is inline, any other one posts its result.
    static thread_local const State* dispatching = nullptr;

    auto state = std::make_shared<State>(caller);
    dispatching = state.get();
    boost::asio::dispatch(strand, [state, caller, fn = std::move(fn)]() mutable {
        Result result = fn();
        if (dispatching == state.get()) {
            state->result = std::move(result);
            return;
        }
        boost::asio::post(caller, [state, result = std::move(result)]() mutable {
            state->result = std::move(result);
            state->done.cancel();
        });
    });
    dispatching = nullptr;
    if (!state->result) {
        boost::system::error_code cancelled;
        co_await state->done.async_wait(
            boost::asio::redirect_error(boost::asio::use_awaitable, cancelled));
    }
    co_return std::move(*state->result);
}

}  // namespace plugboard::transport::http
