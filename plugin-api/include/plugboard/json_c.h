/*
 * plugboard/json_c.h — just enough JSON for small C plugins.
 *
 * Header-only, C11, no allocation, no library. Two halves:
 *
 *   Reading   pb_json_find         a member's raw value span
 *             pb_json_get_string   a string member, unescaped to UTF-8
 *             pb_json_get_number   a number member, as a double
 *             pb_json_decode_string  unescape one string token
 *   Writing   pb_json_writer       appends to a caller buffer
 *             pb_json_write_raw    a literal fragment, as is
 *             pb_json_write_string a quoted, escaped JSON string
 *             pb_json_write_escaped  one piece of a string, escaped
 *
 * Limits, on purpose:
 *   - Lookups see the members of ONE object: the span you pass. For nested
 *     data, find the inner object's span first, then look inside that.
 *   - The first member with the key wins (JSON leaves duplicates undefined).
 *   - Input is checked only as far as it is read: the members before the
 *     one found, and the found value. Trailing garbage goes unnoticed.
 *   - Nesting deeper than PB_JSON_MAX_DEPTH counts as malformed.
 *   - \uXXXX escapes, surrogate pairs included, become UTF-8; a lone
 *     surrogate becomes U+FFFD. Raw bytes are copied unchanged, so invalid
 *     UTF-8 in the input stays invalid in the output.
 *   - Decoded strings may hold NUL bytes (from \u0000): trust the reported
 *     length, not strlen.
 *   - Numbers are converted with sscanf, so the process must use the C
 *     locale's decimal point (true unless it calls setlocale). Number
 *     tokens longer than 63 characters count as malformed.
 *   - The writer escapes `"`, `\` and control characters only; give it
 *     UTF-8 (every string this header decodes is UTF-8 if its input was).
 */
#ifndef PLUGBOARD_JSON_C_H
#define PLUGBOARD_JSON_C_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_JSON_OK 0
#define PB_JSON_NOT_FOUND 1  /* the object has no member with that key */
#define PB_JSON_WRONG_TYPE 2 /* the member is there but of another type */
#define PB_JSON_TRUNCATED 3  /* the value did not fit the caller's buffer */
#define PB_JSON_MALFORMED 4  /* the input is not JSON (as far as it was read) */

#define PB_JSON_MAX_DEPTH 64

/* ---- Internals (pb_json_impl_*): scanning and unescaping ---------------- */

static inline const char* pb_json_impl_skip_ws(const char* p, const char* end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        ++p;
    return p;
}

static inline int pb_json_impl_hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at p (caller checked they are there). -1 if not hex. */
static inline int32_t pb_json_impl_hex4(const char* p) {
    int32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        int digit = pb_json_impl_hex(p[i]);
        if (digit < 0) return -1;
        value = value * 16 + digit;
    }
    return value;
}

/* p at the opening quote. Returns the position after the closing quote, or
 * NULL. Checks escapes exactly as pb_json_impl_next_char expects them. */
static inline const char* pb_json_impl_skip_string(const char* p, const char* end) {
    if (p >= end || *p != '"') return NULL;
    for (++p; p < end; ++p) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') return p + 1;
        if (c < 0x20) return NULL;
        if (c != '\\') continue;
        if (++p >= end) return NULL;
        switch (*p) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                break;
            case 'u':
                if (end - p < 5 || pb_json_impl_hex4(p + 1) < 0) return NULL;
                p += 4;
                break;
            default:
                return NULL;
        }
    }
    return NULL;
}

static inline const char* pb_json_impl_skip_digits(const char* p, const char* end) {
    while (p < end && *p >= '0' && *p <= '9')
        ++p;
    return p;
}

/* The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static inline const char* pb_json_impl_skip_number(const char* p, const char* end) {
    const char* digits;
    if (p < end && *p == '-') ++p;
    if (p >= end || *p < '0' || *p > '9') return NULL;
    p = (*p == '0') ? p + 1 : pb_json_impl_skip_digits(p, end);
    if (p < end && *p == '.') {
        digits = ++p;
        p = pb_json_impl_skip_digits(p, end);
        if (p == digits) return NULL;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-')) ++p;
        digits = p;
        p = pb_json_impl_skip_digits(p, end);
        if (p == digits) return NULL;
    }
    return p;
}

static inline const char* pb_json_impl_skip_word(const char* p, const char* end, const char* word) {
    size_t len = strlen(word);
    if ((size_t)(end - p) < len || memcmp(p, word, len) != 0) return NULL;
    return p + len;
}

/* p at the first character of a value. Returns the position after it, or
 * NULL when it is malformed or nested deeper than PB_JSON_MAX_DEPTH. */
static inline const char* pb_json_impl_skip_value(const char* p, const char* end, int depth) {
    char close;
    if (p >= end) return NULL;
    switch (*p) {
        case '"':
            return pb_json_impl_skip_string(p, end);
        case 't':
            return pb_json_impl_skip_word(p, end, "true");
        case 'f':
            return pb_json_impl_skip_word(p, end, "false");
        case 'n':
            return pb_json_impl_skip_word(p, end, "null");
        case '{':
        case '[':
            break;
        default:
            return pb_json_impl_skip_number(p, end);
    }
    if (depth >= PB_JSON_MAX_DEPTH) return NULL;
    close = (*p == '{') ? '}' : ']';
    p = pb_json_impl_skip_ws(p + 1, end);
    if (p < end && *p == close) return p + 1;
    for (;;) {
        if (close == '}') {
            p = pb_json_impl_skip_string(p, end);
            if (p == NULL) return NULL;
            p = pb_json_impl_skip_ws(p, end);
            if (p >= end || *p != ':') return NULL;
            p = pb_json_impl_skip_ws(p + 1, end);
        }
        p = pb_json_impl_skip_value(p, end, depth + 1);
        if (p == NULL) return NULL;
        p = pb_json_impl_skip_ws(p, end);
        if (p >= end) return NULL;
        if (*p == close) return p + 1;
        if (*p != ',') return NULL;
        p = pb_json_impl_skip_ws(p + 1, end);
    }
}

static inline size_t pb_json_impl_encode_utf8(uint32_t cp, char out[4]) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the raw UTF-8 sequence at p, so truncation never splits one.
 * A byte that does not start a complete sequence stands alone. */
static inline size_t pb_json_impl_raw_sequence(const char* p, const char* end) {
    unsigned char lead = (unsigned char)*p;
    size_t len = lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (lead >= 0xF8 || (size_t)(end - p) < len) return 1;
    for (size_t i = 1; i < len; ++i) {
        if (((unsigned char)p[i] & 0xC0) != 0x80) return 1;
    }
    return len;
}

/* Decodes the character at *p (inside a string already checked by
 * pb_json_impl_skip_string; `end` is its closing quote) into `out`.
 * Returns the number of UTF-8 bytes written and advances *p. */
static inline size_t pb_json_impl_next_char(const char** p, const char* end, char out[4]) {
    const char* s = *p;
    uint32_t cp;
    if (*s != '\\') {
        size_t len = pb_json_impl_raw_sequence(s, end);
        memcpy(out, s, len);
        *p = s + len;
        return len;
    }
    switch (s[1]) {
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'n':
            cp = '\n';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            cp = (uint32_t)pb_json_impl_hex4(s + 2);
            break;
        default:
            cp = (uint32_t)(unsigned char)s[1];
            break;
    }
    s += (s[1] == 'u') ? 6 : 2;
    if (cp >= 0xD800 && cp <= 0xDBFF && end - s >= 6 && s[0] == '\\' && s[1] == 'u') {
        int32_t low = pb_json_impl_hex4(s + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)low - 0xDC00);
            s += 6;
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    *p = s;
    return pb_json_impl_encode_utf8(cp, out);
}

/* ---- Reading ------------------------------------------------------------ */

/* Finds the member `key` (NUL-terminated UTF-8, compared after unescaping
 * the member names) of the JSON object in [json, json + json_len).
 * On PB_JSON_OK, *value / *value_len span the member's raw JSON value, e.g.
 * `"a\nb"` with its quotes, `42` or `{...}`.
 * Returns PB_JSON_OK, PB_JSON_NOT_FOUND or PB_JSON_MALFORMED (which includes
 * "not an object"). */
static inline int pb_json_find(const char* json, size_t json_len, const char* key,
                               const char** value, size_t* value_len) {
    const char* end;
    const char* p;
    size_t key_len = strlen(key);
    if (json == NULL) return PB_JSON_MALFORMED;
    end = json + json_len;
    p = pb_json_impl_skip_ws(json, end);
    if (p >= end || *p != '{') return PB_JSON_MALFORMED;
    p = pb_json_impl_skip_ws(p + 1, end);
    if (p < end && *p == '}') return PB_JSON_NOT_FOUND;
    for (;;) {
        const char* name = p;
        const char* name_end = pb_json_impl_skip_string(p, end);
        const char* value_start;
        const char* c;
        size_t matched = 0;
        int equal = 1;
        if (name_end == NULL) return PB_JSON_MALFORMED;
        if (memchr(name + 1, '\\', (size_t)(name_end - 1 - (name + 1))) == NULL) {
            /* No escapes: the name is its own text. */
            equal = (size_t)(name_end - 1 - (name + 1)) == key_len &&
                    memcmp(name + 1, key, key_len) == 0;
        } else {
            for (c = name + 1; c < name_end - 1 && equal;) {
                char unit[4];
                size_t len = pb_json_impl_next_char(&c, name_end - 1, unit);
                equal = matched + len <= key_len && memcmp(key + matched, unit, len) == 0;
                matched += len;
            }
            equal = equal && matched == key_len;
        }
        p = pb_json_impl_skip_ws(name_end, end);
        if (p >= end || *p != ':') return PB_JSON_MALFORMED;
        value_start = pb_json_impl_skip_ws(p + 1, end);
        p = pb_json_impl_skip_value(value_start, end, 1);
        if (p == NULL) return PB_JSON_MALFORMED;
        if (equal) {
            *value = value_start;
            *value_len = (size_t)(p - value_start);
            return PB_JSON_OK;
        }
        p = pb_json_impl_skip_ws(p, end);
        if (p >= end) return PB_JSON_MALFORMED;
        if (*p == '}') return PB_JSON_NOT_FOUND;
        if (*p != ',') return PB_JSON_MALFORMED;
        p = pb_json_impl_skip_ws(p + 1, end);
    }
}

/* Unescapes one JSON string token (with its quotes, nothing around it) into
 * `out` as UTF-8 and NUL-terminates it when out_cap > 0. Never splits a UTF-8
 * sequence. *out_len (if not NULL) receives the full decoded length even when
 * it did not fit, so a caller can size a buffer of *out_len + 1 and retry;
 * measuring with out == NULL and out_cap == 0 always reports
 * PB_JSON_TRUNCATED. Returns PB_JSON_OK, PB_JSON_TRUNCATED, PB_JSON_WRONG_TYPE
 * (not a string) or PB_JSON_MALFORMED. */
static inline int pb_json_decode_string(const char* token, size_t token_len, char* out,
                                        size_t out_cap, size_t* out_len) {
    const char* end;
    const char* p;
    size_t total = 0;
    size_t written = 0;
    int truncated = 0;
    if (out_len != NULL) *out_len = 0;
    if (out_cap > 0) out[0] = '\0';
    if (token == NULL || token_len == 0) return PB_JSON_MALFORMED;
    end = token + token_len;
    if (*token != '"') return PB_JSON_WRONG_TYPE;
    if (pb_json_impl_skip_string(token, end) != end) return PB_JSON_MALFORMED;
    for (p = token + 1; p < end - 1;) {
        char unit[4];
        size_t len;
        if (*p != '\\' && !truncated) {
            /* A run without escapes is copied whole when it fits. */
            const char* stop = (const char*)memchr(p, '\\', (size_t)(end - 1 - p));
            size_t run = (size_t)((stop != NULL ? stop : end - 1) - p);
            if (written + run < out_cap) {
                memcpy(out + written, p, run);
                written += run;
                total += run;
                p += run;
                continue;
            }
        }
        len = pb_json_impl_next_char(&p, end - 1, unit);
        if (!truncated && written + len < out_cap) {
            memcpy(out + written, unit, len);
            written += len;
        } else {
            truncated = 1;
        }
        total += len;
    }
    if (out_cap > 0) out[written] = '\0';
    if (out_len != NULL) *out_len = total;
    return (truncated || out_cap == 0) ? PB_JSON_TRUNCATED : PB_JSON_OK;
}

/* pb_json_find + pb_json_decode_string: the string member `key` of the
 * object in [json, json + json_len), unescaped into `out` (see
 * pb_json_decode_string for out, out_cap and out_len). Returns PB_JSON_OK,
 * PB_JSON_NOT_FOUND, PB_JSON_WRONG_TYPE, PB_JSON_TRUNCATED or
 * PB_JSON_MALFORMED. */
static inline int pb_json_get_string(const char* json, size_t json_len, const char* key, char* out,
                                     size_t out_cap, size_t* out_len) {
    const char* value;
    size_t value_len;
    int status = pb_json_find(json, json_len, key, &value, &value_len);
    if (status != PB_JSON_OK) {
        if (out_len != NULL) *out_len = 0;
        if (out_cap > 0) out[0] = '\0';
        return status;
    }
    return pb_json_decode_string(value, value_len, out, out_cap, out_len);
}

/* The number member `key` of the object in [json, json + json_len).
 * Returns PB_JSON_OK (with *out set), PB_JSON_NOT_FOUND, PB_JSON_WRONG_TYPE
 * or PB_JSON_MALFORMED. */
static inline int pb_json_get_number(const char* json, size_t json_len, const char* key,
                                     double* out) {
    const char* value;
    size_t value_len;
    char text[64];
    int status = pb_json_find(json, json_len, key, &value, &value_len);
    if (status != PB_JSON_OK) return status;
    if (*value != '-' && (*value < '0' || *value > '9')) return PB_JSON_WRONG_TYPE;
    if (value_len >= sizeof text) return PB_JSON_MALFORMED;
    memcpy(text, value, value_len);
    text[value_len] = '\0';
    return sscanf(text, "%lf", out) == 1 ? PB_JSON_OK : PB_JSON_MALFORMED;
}

/* ---- Writing ------------------------------------------------------------ */

/* Appends to buf[0, cap). Like snprintf, `len` counts every byte asked for,
 * also those that did not fit, and buf stays NUL-terminated (when cap > 0).
 * The output is complete if and only if pb_json_writer_ok() is true;
 * otherwise retry with a buffer of len + 1 bytes. */
typedef struct pb_json_writer {
    char* buf;
    size_t cap;
    size_t len;
} pb_json_writer;

static inline void pb_json_writer_init(pb_json_writer* w, char* buf, size_t cap) {
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    if (cap > 0) buf[0] = '\0';
}

static inline int pb_json_writer_ok(const pb_json_writer* w) {
    return w->len < w->cap;
}

static inline void pb_json_impl_put(pb_json_writer* w, const char* s, size_t n) {
    if (w->len + 1 < w->cap) {
        size_t room = w->cap - 1 - w->len;
        size_t copied = n < room ? n : room;
        memcpy(w->buf + w->len, s, copied);
        w->buf[w->len + copied] = '\0';
    }
    w->len += n;
}

/* Appends a NUL-terminated fragment as is, e.g. `{"content":[`. */
static inline void pb_json_write_raw(pb_json_writer* w, const char* fragment) {
    pb_json_impl_put(w, fragment, strlen(fragment));
}

/* Appends [s, s + len) escaped for use inside a JSON string, without the
 * quotes: `"`, `\` and control characters become escapes. `s` may hold NUL
 * bytes. Build one string from several pieces with it, e.g.
 *   pb_json_write_raw(w, "\"Hello, ");
 *   pb_json_write_escaped(w, name, name_len);
 *   pb_json_write_raw(w, "!\"");  */
static inline void pb_json_write_escaped(pb_json_writer* w, const char* s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < len; ++i) {
        unsigned char c = (unsigned char)s[i];
        char escape[6] = {'\\', 'u', '0', '0', '0', '0'};
        size_t escape_len = 2;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        switch (c) {
            case '\b':
                escape[1] = 'b';
                break;
            case '\f':
                escape[1] = 'f';
                break;
            case '\n':
                escape[1] = 'n';
                break;
            case '\r':
                escape[1] = 'r';
                break;
            case '\t':
                escape[1] = 't';
                break;
            case '"':
            case '\\':
                escape[1] = (char)c;
                break;
            default:
                escape[4] = hex[c >> 4];
                escape[5] = hex[c & 0xF];
                escape_len = 6;
                break;
        }
        pb_json_impl_put(w, s + run, i - run);
        pb_json_impl_put(w, escape, escape_len);
        run = i + 1;
    }
    pb_json_impl_put(w, s + run, len - run);
}

/* Appends [s, s + len) as a quoted, escaped JSON string. At most
 * 6 * len + 2 bytes, which is handy for sizing buffers. */
static inline void pb_json_write_string(pb_json_writer* w, const char* s, size_t len) {
    pb_json_impl_put(w, "\"", 1);
    pb_json_write_escaped(w, s, len);
    pb_json_impl_put(w, "\"", 1);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PLUGBOARD_JSON_C_H */
