/*
 * A plugin in plain C11 against plugin.h alone, as a third-party C author
 * would write it. Linked into abi_test and driven through the fake host.
 *
 *   echo       answers at once, its arguments as structuredContent
 *   later      answers from another thread, after the handler returned
 *   countdown  {"steps": n}: progress per step, stops on cancellation
 *   c://greeting  a text resource
 */
/* POSIX threads rather than C11 <threads.h>: ThreadSanitizer cannot follow
 * glibc's thrd_create. */
#define _POSIX_C_SOURCE 200809L

#include <plugboard/plugin.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const pb_host_api* host_api;

static void complete_message(pb_call* call, int32_t status, const char* message) {
    host_api->complete(call, status, message, strlen(message));
}

static void complete_text(pb_call* call, const char* text) {
    char result[256];
    const int length = snprintf(result, sizeof result,
                                "{\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}", text);
    if (length < 0 || (size_t)length >= sizeof result) {
        complete_message(call, PB_ERR_INTERNAL, "result too long");
        return;
    }
    host_api->complete(call, PB_OK, result, (size_t)length);
}

static void sleep_ms(long milliseconds) {
    struct timespec duration = {0, milliseconds * 1000000L};
    nanosleep(&duration, NULL);
}

static void echo(void* user_data, pb_call* call, const pb_request* request) {
    char result[1024];
    const int length = snprintf(result, sizeof result,
                                "{\"content\":[{\"type\":\"text\",\"text\":\"echo\"}],"
                                "\"structuredContent\":%.*s}",
                                (int)request->arguments_len, request->arguments_json);
    (void)user_data;
    if (length < 0 || (size_t)length >= sizeof result) {
        complete_message(call, PB_ERR_INVALID_PARAMS, "arguments too long");
        return;
    }
    host_api->complete(call, PB_OK, result, (size_t)length);
}

/* ---- later ---------------------------------------------------------------- */

struct later_job {
    pb_call* call;
    atomic_int handler_returned;
};

static void* finish_later(void* argument) {
    struct later_job* job = argument;
    while (!atomic_load(&job->handler_returned))
        sleep_ms(1);
    complete_text(job->call, "completed on another thread");
    free(job);
    return NULL;
}

static void later(void* user_data, pb_call* call, const pb_request* request) {
    struct later_job* job = malloc(sizeof *job);
    pthread_t thread;
    (void)user_data;
    (void)request;
    if (job == NULL) {
        complete_message(call, PB_ERR_INTERNAL, "out of memory");
        return;
    }
    job->call = call;
    atomic_init(&job->handler_returned, 0);
    if (pthread_create(&thread, NULL, finish_later, job) != 0) {
        free(job);
        complete_message(call, PB_ERR_INTERNAL, "no thread");
        return;
    }
    pthread_detach(thread);
    atomic_store(&job->handler_returned, 1);
}

/* ---- countdown ------------------------------------------------------------ */

/* The integer member `key` of a small JSON object, or `fallback`. */
static long integer_member(const pb_request* request, const char* key, long fallback) {
    char arguments[256];
    char pattern[64];
    const char* found;
    if (request->arguments_len >= sizeof arguments) return fallback;
    memcpy(arguments, request->arguments_json, request->arguments_len);
    arguments[request->arguments_len] = '\0';
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    found = strstr(arguments, pattern);
    return found == NULL ? fallback : strtol(found + strlen(pattern), NULL, 10);
}

static void note_cancel(void* user_data, pb_call* call) {
    (void)call;
    atomic_store((atomic_int*)user_data, 1);
}

static void countdown(void* user_data, pb_call* call, const pb_request* request) {
    static const char starting[] = "\"starting\"";
    const long steps = integer_member(request, "steps", 3);
    atomic_int cancelled;
    long step;
    (void)user_data;
    atomic_init(&cancelled, 0);
    host_api->on_cancel(call, note_cancel, &cancelled);
    host_api->call_log(call, PB_LOG_INFO, "countdown", starting, sizeof starting - 1);
    for (step = 1; step <= steps; ++step) {
        if (atomic_load(&cancelled) || host_api->is_cancelled(call)) {
            complete_message(call, PB_ERR_CANCELLED, "countdown cancelled");
            return;
        }
        sleep_ms(5);
        host_api->progress(call, (double)step, (double)steps, "tick");
    }
    complete_text(call, "countdown done");
}

/* ---- resource ------------------------------------------------------------- */

static void greeting(void* user_data, pb_call* call, const pb_request* request) {
    static const char result[] =
        "{\"contents\":[{\"uri\":\"c://greeting\",\"mimeType\":\"text/plain\","
        "\"text\":\"hello from C\"}]}";
    (void)user_data;
    (void)request;
    host_api->complete(call, PB_OK, result, sizeof result - 1);
}

/* ---- lifecycle ------------------------------------------------------------ */

static int32_t add(pb_host* host, uint32_t kind, const char* definition, pb_handler_fn handler,
                   char* error_buf, size_t error_cap) {
    pb_item item;
    memset(&item, 0, sizeof item);
    item.struct_size = sizeof item;
    item.kind = kind;
    item.definition_json = definition;
    item.definition_len = strlen(definition);
    item.handler = handler;
    return host_api->register_item(host, &item, error_buf, error_cap);
}

static int32_t init(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap) {
    static const char schema[] = "\"inputSchema\":{\"type\":\"object\"}";
    char definition[256];
    const char* tools[] = {"echo", "later", "countdown"};
    const pb_handler_fn handlers[] = {echo, later, countdown};
    size_t i;
    int32_t status;
    (void)config_json;
    (void)config_len;
    (void)state;
    if (!PB_HAS_MEMBER(api, pb_host_api, ask_client)) return PB_ERR_UNSUPPORTED;
    host_api = api;
    for (i = 0; i < sizeof tools / sizeof tools[0]; ++i) {
        snprintf(definition, sizeof definition, "{\"name\":\"%s\",%s}", tools[i], schema);
        status = add(host, PB_ITEM_TOOL, definition, handlers[i], error_buf, error_cap);
        if (status != PB_OK) return status;
    }
    return add(host, PB_ITEM_RESOURCE,
               "{\"uri\":\"c://greeting\",\"name\":\"greeting\",\"mimeType\":\"text/plain\"}",
               greeting, error_buf, error_cap);
}

static const pb_plugin descriptor = {
    sizeof(pb_plugin),
    PB_ABI_MAJOR,
    PB_ABI_MINOR,
    "c_plugin",
    "1.0.0",
    "A plugin in plain C",
    PB_PLUGIN_FLAG_NONE,
    0,
    init,
    NULL,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &descriptor : NULL;
}
