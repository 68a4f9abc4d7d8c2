/*
 * slow — tool `sleep` takes {"ms": integer}, sleeps that long on the pool thread, then completes
 * with the text "slept <ms> ms". It polls is_cancelled every 10 ms and, once the call is
 * cancelled (or its deadline passed), completes with PB_ERR_CANCELLED instead.
 *
 * Not a misbehaving plugin: it shows that a slow tool does not hold up ping or other calls (a
 * second `sleep` with ms 0 answers at once), and that cancellation reaches a running handler.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "test_plugin.h"

#define POLL_INTERVAL_MS 10
#define MAX_SLEEP_MS 3600000

static const char kSleepTool[] =
    "{\"name\":\"sleep\",\"description\":\"Sleeps for ms milliseconds, then answers.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\","
    "\"minimum\":0,\"maximum\":3600000}},\"required\":[\"ms\"]}}";

static const pb_host_api* host_api;

static size_t skip_space(const char* json, size_t length, size_t pos) {
    while (pos < length &&
           (json[pos] == ' ' || json[pos] == '\t' || json[pos] == '\n' || json[pos] == '\r')) {
        ++pos;
    }
    return pos;
}

/* The "ms" member of the arguments object, or -1 if it is missing or not an integer from 0 to
 * MAX_SLEEP_MS. A small scanner suffices: the daemon validated the arguments against the input
 * schema, and JSON Schema counts 1e3 or 5.0 as integers, hence strtod. */
static long long read_ms(const char* json, size_t length) {
    static const char key[] = "\"ms\"";
    const size_t key_length = sizeof key - 1;
    for (size_t pos = 0; pos + key_length <= length; ++pos) {
        if (memcmp(json + pos, key, key_length) != 0) continue;
        size_t value = skip_space(json, length, pos + key_length);
        if (value >= length || json[value] != ':') continue;
        value = skip_space(json, length, value + 1);
        char number[32];
        size_t digits = 0;
        while (value + digits < length && digits + 1 < sizeof number &&
               strchr("0123456789+-.eE", json[value + digits]) != NULL) {
            number[digits] = json[value + digits];
            ++digits;
        }
        number[digits] = '\0';
        char* end = NULL;
        const double ms = strtod(number, &end);
        if (digits == 0 || end != number + digits || !(ms >= 0 && ms <= MAX_SLEEP_MS) ||
            (double)(long long)ms != ms) {
            return -1;
        }
        return (long long)ms;
    }
    return -1;
}

static void sleep_ms(long long ms) {
    struct timespec remaining = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
    }
}

static void complete_error(pb_call* call, int32_t status, const char* message) {
    host_api->complete(call, status, message, strlen(message));
}

static void sleep_then_answer(void* user_data, pb_call* call, const pb_request* request) {
    (void)user_data;
    const long long ms = read_ms(request->arguments_json, request->arguments_len);
    if (ms < 0) {
        complete_error(call, PB_ERR_INVALID_PARAMS, "ms must be an integer from 0 to 3600000");
        return;
    }
    for (long long slept = 0; slept < ms; slept += POLL_INTERVAL_MS) {
        if (host_api->is_cancelled(call)) {
            complete_error(call, PB_ERR_CANCELLED, "sleep cancelled");
            return;
        }
        sleep_ms(ms - slept < POLL_INTERVAL_MS ? ms - slept : POLL_INTERVAL_MS);
    }
    char text[64];
    snprintf(text, sizeof text, "slept %lld ms", ms);
    test_complete_text(host_api, call, text);
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    (void)config_json;
    (void)config_len;
    (void)state;
    host_api = api;
    return test_register_tool(host, api, kSleepTool, sleep_then_answer, error_buf, error_cap);
}

static const pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "slow",
    .version = "1.0.0",
    .description = "Test plugin: a tool that sleeps and honours cancellation.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &kPlugin : NULL;
}
