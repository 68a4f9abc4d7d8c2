/*
 * stdio-echo-ceiling: the cheapest stdio "MCP server" possible, so the
 * benchmarks can show how far Plugboard's stdio transport is from raw pipes.
 *
 * Reads newline-delimited JSON-RPC from stdin and, per line, writes a canned
 * reply with the request's id copied in: an initialize result for
 * "initialize", nothing for a notification (no id), an echo tool result for
 * anything else. No JSON parsing: it trusts the client to send compact,
 * well-formed requests. All replies to one read() go out in one write().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (1u << 20)

static const char initialize_head[] = "{\"jsonrpc\":\"2.0\",\"id\":";
static const char initialize_tail[] =
    ",\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
    "\"serverInfo\":{\"name\":\"stdio-echo-ceiling\",\"version\":\"0\"}}}\n";
static const char call_head[] = "{\"jsonrpc\":\"2.0\",\"id\":";
static const char call_tail[] =
    ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}\n";

typedef struct buffer {
    char* data;
    size_t len;
    size_t cap;
} buffer;

static void reserve(buffer* b, size_t more) {
    if (b->len + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : READ_CHUNK;
    while (cap < b->len + more) cap *= 2;
    b->data = realloc(b->data, cap);
    if (b->data == NULL) _exit(1);
    b->cap = cap;
}

static void append(buffer* b, const char* data, size_t len) {
    reserve(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

/* The first occurrence of needle[0..n) in [hay, end), or NULL. */
static const char* find(const char* hay, const char* end, const char* needle, size_t n) {
    while ((size_t)(end - hay) >= n) {
        const char* p = memchr(hay, needle[0], (size_t)(end - hay) - n + 1);
        if (p == NULL) return NULL;
        if (memcmp(p, needle, n) == 0) return p;
        hay = p + 1;
    }
    return NULL;
}

/* The raw value of the first member named `key` (quoted, as "\"id\"") in
 * [line, end), as [*value, *value + *len). The first match may be a nested
 * one: good enough for the flat requests of the load generator. */
static int member(const char* line, const char* end, const char* key, const char** value,
                  size_t* len) {
    const size_t key_len = strlen(key);
    const char* p = find(line, end, key, key_len);
    if (p == NULL) return 0;
    p += key_len;
    while (p < end && (*p == ' ' || *p == ':')) ++p;
    size_t i = 0;
    const size_t room = (size_t)(end - p);
    if (room > 0 && p[0] == '"') {
        for (i = 1; i < room && p[i] != '"'; ++i) {
            if (p[i] == '\\') ++i;
        }
        if (i >= room) return 0;
        ++i;
    } else {
        while (i < room && p[i] != ',' && p[i] != '}' && p[i] != ' ') ++i;
    }
    if (i == 0) return 0;
    *value = p;
    *len = i;
    return 1;
}

static void answer(buffer* out, const char* line, const char* end) {
    const char* id;
    size_t id_len;
    if (!member(line, end, "\"id\"", &id, &id_len)) return;
    const char* method;
    size_t method_len;
    int is_initialize = member(line, end, "\"method\"", &method, &method_len) &&
                        method_len == 12 && memcmp(method, "\"initialize\"", 12) == 0;
    append(out, is_initialize ? initialize_head : call_head,
           is_initialize ? sizeof initialize_head - 1 : sizeof call_head - 1);
    append(out, id, id_len);
    append(out, is_initialize ? initialize_tail : call_tail,
           is_initialize ? sizeof initialize_tail - 1 : sizeof call_tail - 1);
}

static int write_all(const char* data, size_t len) {
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(void) {
    buffer in = {0};
    buffer out = {0};
    int status = 0;
    for (;;) {
        reserve(&in, READ_CHUNK);
        ssize_t n = read(STDIN_FILENO, in.data + in.len, in.cap - in.len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            status = n == 0 ? 0 : 1;
            break;
        }
        in.len += (size_t)n;

        const char* line = in.data;
        const char* end = in.data + in.len;
        for (const char* nl; (nl = memchr(line, '\n', (size_t)(end - line))) != NULL;
             line = nl + 1) {
            answer(&out, line, nl);
        }
        if (out.len > 0 && write_all(out.data, out.len) != 0) {
            status = 1;
            break;
        }
        out.len = 0;
        in.len = (size_t)(end - line);
        memmove(in.data, line, in.len);
    }
    free(in.data);
    free(out.data);
    return status;
}
