/*
 * echo — the smallest useful Plugboard plugin, in plain C11.
 *
 * It offers one thing three ways:
 *   tool               echo {message}     -> the message, after `prefix`
 *   resource template  echo://{message}   -> the message as text/plain
 *   prompt             echo {message}     -> "Please process this message: ..."
 *
 * Config (optional):  prefix: "..."   prepended to the tool's answer.
 */
#include <plugboard/json_c.h>
#include <plugboard/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct echo_state {
    const pb_host_api* api;
    char* prefix;
    size_t prefix_len;
} echo_state;

static void fail(const pb_host_api* api, pb_call* call, int32_t status, const char* message) {
    api->complete(call, status, message, strlen(message));
}

#define READ_OUT_OF_MEMORY (-1)

/* Decodes the string member `key` of `json` into a new buffer, after a copy
 * of `lead`. Returns PB_JSON_OK, READ_OUT_OF_MEMORY or a PB_JSON_* reason. */
static int read_string(const char* json, size_t json_len, const char* key, const char* lead,
                       size_t lead_len, char** out, size_t* out_len) {
    size_t len = 0;
    int status = pb_json_get_string(json, json_len, key, NULL, 0, &len);
    if (status != PB_JSON_TRUNCATED) return status; /* measuring never fits */
    *out = malloc(lead_len + len + 1);
    if (*out == NULL) return READ_OUT_OF_MEMORY;
    if (lead_len > 0) memcpy(*out, lead, lead_len);
    pb_json_get_string(json, json_len, key, *out + lead_len, len + 1, &len);
    *out_len = lead_len + len;
    return PB_JSON_OK;
}

/* Answers a failed read_string: out of memory, or the bad input `problem`. */
static void fail_read(const pb_host_api* api, pb_call* call, int status, const char* problem) {
    if (status == READ_OUT_OF_MEMORY) {
        fail(api, call, PB_ERR_INTERNAL, "out of memory");
    } else {
        fail(api, call, PB_ERR_INVALID_PARAMS, problem);
    }
}

/* Completes `call` with head + text as a JSON string + tail. */
static void complete_with_text(const pb_host_api* api, pb_call* call, const char* head,
                               const char* text, size_t text_len, const char* tail) {
    size_t cap = strlen(head) + 6 * text_len + 2 + strlen(tail) + 1;
    char* buf = malloc(cap);
    pb_json_writer w;
    if (buf == NULL) {
        fail(api, call, PB_ERR_INTERNAL, "out of memory");
        return;
    }
    pb_json_writer_init(&w, buf, cap);
    pb_json_write_raw(&w, head);
    pb_json_write_string(&w, text, text_len);
    pb_json_write_raw(&w, tail);
    api->complete(call, PB_OK, buf, w.len);
    free(buf);
}

/* tools/call echo: arguments were validated against the inputSchema. */
static void echo_tool(void* user_data, pb_call* call, const pb_request* request) {
    const echo_state* state = user_data;
    char* text = NULL;
    size_t text_len = 0;
    int status = read_string(request->arguments_json, request->arguments_len, "message",
                             state->prefix, state->prefix_len, &text, &text_len);
    if (status != PB_JSON_OK) {
        fail_read(state->api, call, status, "argument 'message' must be a string");
        return;
    }
    complete_with_text(state->api, call, "{\"content\":[{\"type\":\"text\",\"text\":", text,
                       text_len, "}]}");
    free(text);
}

/* resources/read echo://{message} */
static void echo_resource(void* user_data, pb_call* call, const pb_request* request) {
    const echo_state* state = user_data;
    char* message = NULL;
    size_t message_len = 0;
    char* result;
    size_t result_cap;
    pb_json_writer w;
    int status = read_string(request->variables_json, request->variables_len, "message", NULL, 0,
                             &message, &message_len);
    if (status != PB_JSON_OK) {
        fail_read(state->api, call, status, "the URI has no {message}");
        return;
    }
    result_cap = 6 * (request->uri_len + message_len) + 128; /* escaping grows 6x at most */
    result = malloc(result_cap);
    if (result == NULL) {
        free(message);
        fail(state->api, call, PB_ERR_INTERNAL, "out of memory");
        return;
    }
    pb_json_writer_init(&w, result, result_cap);
    pb_json_write_raw(&w, "{\"contents\":[{\"uri\":");
    pb_json_write_string(&w, request->uri, request->uri_len);
    pb_json_write_raw(&w, ",\"mimeType\":\"text/plain\",\"text\":");
    pb_json_write_string(&w, message, message_len);
    pb_json_write_raw(&w, "}]}");
    state->api->complete(call, PB_OK, result, w.len);
    free(result);
    free(message);
}

/* prompts/get echo */
static void echo_prompt(void* user_data, pb_call* call, const pb_request* request) {
    static const char lead[] = "Please process this message: ";
    const echo_state* state = user_data;
    char* text = NULL;
    size_t text_len = 0;
    int status = read_string(request->arguments_json, request->arguments_len, "message", lead,
                             sizeof lead - 1, &text, &text_len);
    if (status != PB_JSON_OK) {
        fail_read(state->api, call, status, "missing required argument 'message'");
        return;
    }
    complete_with_text(state->api, call,
                       "{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":",
                       text, text_len, "}}]}");
    free(text);
}

static const char tool_definition[] =
    "{\"name\":\"echo\","
    "\"description\":\"Returns the message unchanged, after the configured prefix.\","
    "\"inputSchema\":{\"type\":\"object\","
    "\"properties\":{\"message\":{\"type\":\"string\",\"description\":\"Text to echo.\"}},"
    "\"required\":[\"message\"]}}";

static const char template_definition[] =
    "{\"uriTemplate\":\"echo://{message}\",\"name\":\"echo\","
    "\"description\":\"The message in the URI, as text.\",\"mimeType\":\"text/plain\"}";

static const char prompt_definition[] =
    "{\"name\":\"echo\",\"description\":\"Asks the model to process a message.\","
    "\"arguments\":[{\"name\":\"message\",\"description\":\"The message to process.\","
    "\"required\":true}]}";

static void echo_shutdown(void* state) {
    echo_state* echo = state;
    if (echo == NULL) return;
    free(echo->prefix);
    free(echo);
}

static int32_t echo_init(pb_host* host, const pb_host_api* api, const char* config_json,
                         size_t config_len, void** state, char* error_buf, size_t error_cap) {
    const pb_item items[] = {
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_TOOL,
         .definition_json = tool_definition,
         .definition_len = sizeof tool_definition - 1,
         .handler = echo_tool,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_RESOURCE_TEMPLATE,
         .definition_json = template_definition,
         .definition_len = sizeof template_definition - 1,
         .handler = echo_resource,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_PROMPT,
         .definition_json = prompt_definition,
         .definition_len = sizeof prompt_definition - 1,
         .handler = echo_prompt,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
    };
    echo_state* echo = calloc(1, sizeof *echo);
    int status;
    if (echo == NULL) {
        snprintf(error_buf, error_cap, "out of memory");
        return PB_ERR_INTERNAL;
    }
    echo->api = api;
    status =
        read_string(config_json, config_len, "prefix", NULL, 0, &echo->prefix, &echo->prefix_len);
    if (status == READ_OUT_OF_MEMORY) {
        snprintf(error_buf, error_cap, "out of memory");
        echo_shutdown(echo);
        return PB_ERR_INTERNAL;
    }
    if (status != PB_JSON_OK && status != PB_JSON_NOT_FOUND) {
        snprintf(error_buf, error_cap, "config key 'prefix' must be a string");
        echo_shutdown(echo);
        return PB_ERR_INVALID_PARAMS;
    }
    for (size_t i = 0; i < sizeof items / sizeof items[0]; ++i) {
        pb_item item = items[i];
        int32_t registered;
        item.user_data = echo;
        registered = api->register_item(host, &item, error_buf, error_cap);
        if (registered != PB_OK) {
            echo_shutdown(echo);
            return registered;
        }
    }
    *state = echo;
    return PB_OK;
}

static const pb_plugin echo_plugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "echo",
    .version = "1.0.0",
    .description = "Echoes a message back as a tool, a resource template and a prompt.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .init = echo_init,
    .shutdown = echo_shutdown,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &echo_plugin : NULL;
}
