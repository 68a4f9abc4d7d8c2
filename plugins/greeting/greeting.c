/*
 * greeting — a resource template, a prompt and a completion provider in C11.
 *
 *   resource template  greeting://{name}   -> "<greeting>, <name>!" (text/plain)
 *   prompt             greet {name, style} -> asks the model to greet someone
 *   completion         greet / style       -> "formal", "casual" by prefix
 *
 * Config (optional):  greeting: "..."   the salutation, default "Hello".
 */
#include <plugboard/json_c.h>
#include <plugboard/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* const styles[] = {"formal", "casual"};
static const char default_style[] = "casual";
static const char default_greeting[] = "Hello";

typedef struct greeting_state {
    const pb_host_api* api;
    const char* greeting;
    size_t greeting_len;
    char* configured_greeting; /* owned; NULL when the default is used */
} greeting_state;

#define READ_OUT_OF_MEMORY (-1)

static void fail(const pb_host_api* api, pb_call* call, int32_t status, const char* message) {
    api->complete(call, status, message, strlen(message));
}

/* Decodes the string member `key` of `json` into a new NUL-terminated buffer.
 * Returns PB_JSON_OK, READ_OUT_OF_MEMORY or a PB_JSON_* reason. */
static int read_string(const char* json, size_t json_len, const char* key, char** out,
                       size_t* out_len) {
    size_t len = 0;
    int status = pb_json_get_string(json, json_len, key, NULL, 0, &len);
    if (status != PB_JSON_TRUNCATED) return status; /* measuring never fits */
    *out = malloc(len + 1);
    if (*out == NULL) return READ_OUT_OF_MEMORY;
    pb_json_get_string(json, json_len, key, *out, len + 1, &len);
    *out_len = len;
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

/* A result buffer big enough for `fixed` bytes of JSON syntax plus `text`
 * bytes of strings, which escaping grows six times at most. */
static char* result_buffer(pb_json_writer* w, size_t fixed, size_t text) {
    size_t cap = fixed + 6 * text + 1;
    char* buf = malloc(cap);
    if (buf != NULL) pb_json_writer_init(w, buf, cap);
    return buf;
}

/* resources/read greeting://{name} */
static void greeting_resource(void* user_data, pb_call* call, const pb_request* request) {
    const greeting_state* state = user_data;
    char* name = NULL;
    size_t name_len = 0;
    char* result;
    pb_json_writer w;
    int status =
        read_string(request->variables_json, request->variables_len, "name", &name, &name_len);
    if (status != PB_JSON_OK) {
        fail_read(state->api, call, status, "the URI has no {name}");
        return;
    }
    result = result_buffer(&w, 128, request->uri_len + state->greeting_len + name_len);
    if (result == NULL) {
        free(name);
        fail(state->api, call, PB_ERR_INTERNAL, "out of memory");
        return;
    }
    pb_json_write_raw(&w, "{\"contents\":[{\"uri\":");
    pb_json_write_string(&w, request->uri, request->uri_len);
    pb_json_write_raw(&w, ",\"mimeType\":\"text/plain\",\"text\":\"");
    pb_json_write_escaped(&w, state->greeting, state->greeting_len);
    pb_json_write_raw(&w, ", ");
    pb_json_write_escaped(&w, name, name_len);
    pb_json_write_raw(&w, "!\"}]}");
    state->api->complete(call, PB_OK, result, w.len);
    free(result);
    free(name);
}

static const char* find_style(const char* style, size_t style_len) {
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; ++i) {
        if (strlen(styles[i]) == style_len && memcmp(style, styles[i], style_len) == 0) {
            return styles[i];
        }
    }
    return NULL;
}

/* prompts/get greet */
static void greet_prompt(void* user_data, pb_call* call, const pb_request* request) {
    const greeting_state* state = user_data;
    char* name = NULL;
    size_t name_len = 0;
    char style_buf[16];
    size_t style_len = 0;
    const char* style = default_style;
    char* result;
    pb_json_writer w;
    int status =
        read_string(request->arguments_json, request->arguments_len, "name", &name, &name_len);
    if (status != PB_JSON_OK) {
        fail_read(state->api, call, status, "missing required argument 'name'");
        return;
    }
    status = pb_json_get_string(request->arguments_json, request->arguments_len, "style", style_buf,
                                sizeof style_buf, &style_len);
    if (status == PB_JSON_OK) {
        style = find_style(style_buf, style_len);
    } else if (status != PB_JSON_NOT_FOUND) {
        style = NULL;
    }
    if (style == NULL) {
        free(name);
        fail(state->api, call, PB_ERR_INVALID_PARAMS,
             "argument 'style' must be \"formal\" or \"casual\"");
        return;
    }
    result = result_buffer(&w, 256, name_len + state->greeting_len);
    if (result == NULL) {
        free(name);
        fail(state->api, call, PB_ERR_INTERNAL, "out of memory");
        return;
    }
    pb_json_write_raw(&w, "{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",");
    pb_json_write_raw(&w, "\"text\":\"Please greet ");
    pb_json_write_escaped(&w, name, name_len);
    pb_json_write_raw(&w, " in a ");
    pb_json_write_raw(&w, style);
    pb_json_write_raw(&w, " style, starting with \\\"");
    pb_json_write_escaped(&w, state->greeting, state->greeting_len);
    pb_json_write_raw(&w, "\\\".\"}}]}");
    state->api->complete(call, PB_OK, result, w.len);
    free(result);
    free(name);
}

static int has_prefix_ignoring_case(const char* text, const char* prefix, size_t prefix_len) {
    for (size_t i = 0; i < prefix_len; ++i) {
        char a = text[i];
        char b = prefix[i];
        if (a == '\0') return 0;
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

/* completion/complete for the arguments of prompt greet; only `style` has a
 * closed set of values. */
static void style_completion(void* user_data, pb_call* call, const pb_request* request) {
    const greeting_state* state = user_data;
    char argument[16];
    char typed[16];
    size_t typed_len = 0;
    char result[160];
    char total[24];
    size_t matches = 0;
    pb_json_writer w;
    int is_style = pb_json_get_string(request->arguments_json, request->arguments_len, "name",
                                      argument, sizeof argument, NULL) == PB_JSON_OK &&
                   strcmp(argument, "style") == 0;
    /* A typed value too long for the buffer cannot prefix any style. */
    int typed_fits = pb_json_get_string(request->arguments_json, request->arguments_len, "value",
                                        typed, sizeof typed, &typed_len) == PB_JSON_OK;
    pb_json_writer_init(&w, result, sizeof result);
    pb_json_write_raw(&w, "{\"completion\":{\"values\":[");
    for (size_t i = 0; is_style && typed_fits && i < sizeof styles / sizeof styles[0]; ++i) {
        if (!has_prefix_ignoring_case(styles[i], typed, typed_len)) continue;
        pb_json_write_raw(&w, matches++ > 0 ? ",\"" : "\"");
        pb_json_write_raw(&w, styles[i]);
        pb_json_write_raw(&w, "\"");
    }
    snprintf(total, sizeof total, "%zu", matches);
    pb_json_write_raw(&w, "],\"total\":");
    pb_json_write_raw(&w, total);
    pb_json_write_raw(&w, ",\"hasMore\":false}}");
    state->api->complete(call, PB_OK, result, w.len);
}

static const char template_definition[] =
    "{\"uriTemplate\":\"greeting://{name}\",\"name\":\"greeting\","
    "\"description\":\"A greeting for the person named in the URI.\","
    "\"mimeType\":\"text/plain\"}";

static const char prompt_definition[] =
    "{\"name\":\"greet\",\"description\":\"Asks the model to greet someone.\","
    "\"arguments\":["
    "{\"name\":\"name\",\"description\":\"Who to greet.\",\"required\":true},"
    "{\"name\":\"style\",\"description\":\"formal or casual (default casual).\","
    "\"required\":false}]}";

static const char completion_definition[] =
    "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"}}";

static void greeting_shutdown(void* state) {
    greeting_state* greeting = state;
    if (greeting == NULL) return;
    free(greeting->configured_greeting);
    free(greeting);
}

static int32_t greeting_init(pb_host* host, const pb_host_api* api, const char* config_json,
                             size_t config_len, void** state, char* error_buf, size_t error_cap) {
    const pb_item items[] = {
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_RESOURCE_TEMPLATE,
         .definition_json = template_definition,
         .definition_len = sizeof template_definition - 1,
         .handler = greeting_resource,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_PROMPT,
         .definition_json = prompt_definition,
         .definition_len = sizeof prompt_definition - 1,
         .handler = greet_prompt,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
        {.struct_size = sizeof(pb_item),
         .kind = PB_ITEM_COMPLETION,
         .definition_json = completion_definition,
         .definition_len = sizeof completion_definition - 1,
         .handler = style_completion,
         .flags = PB_ITEM_FLAG_NONBLOCKING},
    };
    greeting_state* greeting = calloc(1, sizeof *greeting);
    int status;
    if (greeting == NULL) {
        snprintf(error_buf, error_cap, "out of memory");
        return PB_ERR_INTERNAL;
    }
    greeting->api = api;
    greeting->greeting = default_greeting;
    greeting->greeting_len = sizeof default_greeting - 1;
    status = read_string(config_json, config_len, "greeting", &greeting->configured_greeting,
                         &greeting->greeting_len);
    if (status == PB_JSON_OK) {
        greeting->greeting = greeting->configured_greeting;
    } else if (status == READ_OUT_OF_MEMORY) {
        snprintf(error_buf, error_cap, "out of memory");
        greeting_shutdown(greeting);
        return PB_ERR_INTERNAL;
    } else if (status != PB_JSON_NOT_FOUND) {
        snprintf(error_buf, error_cap, "config key 'greeting' must be a string");
        greeting_shutdown(greeting);
        return PB_ERR_INVALID_PARAMS;
    }
    for (size_t i = 0; i < sizeof items / sizeof items[0]; ++i) {
        pb_item item = items[i];
        int32_t registered;
        item.user_data = greeting;
        registered = api->register_item(host, &item, error_buf, error_cap);
        if (registered != PB_OK) {
            greeting_shutdown(greeting);
            return registered;
        }
    }
    *state = greeting;
    return PB_OK;
}

static const pb_plugin greeting_plugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "greeting",
    .version = "1.0.0",
    .description = "Greets people: a resource template, a prompt and style completion.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .init = greeting_init,
    .shutdown = greeting_shutdown,
};

PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                     uint16_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == PB_ABI_MAJOR ? &greeting_plugin : NULL;
}
