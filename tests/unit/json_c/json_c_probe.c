#include "json_c_probe.h"

#include <plugboard/json_c.h>

int probe_find(const char* json, size_t json_len, const char* key, const char** value,
               size_t* value_len) {
    return pb_json_find(json, json_len, key, value, value_len);
}

int probe_get_string(const char* json, size_t json_len, const char* key, char* out, size_t out_cap,
                     size_t* out_len) {
    return pb_json_get_string(json, json_len, key, out, out_cap, out_len);
}

int probe_get_number(const char* json, size_t json_len, const char* key, double* out) {
    return pb_json_get_number(json, json_len, key, out);
}

int probe_decode_string(const char* token, size_t token_len, char* out, size_t out_cap,
                        size_t* out_len) {
    return pb_json_decode_string(token, token_len, out, out_cap, out_len);
}

size_t probe_write_text_object(char* buf, size_t cap, const char* s, size_t s_len, int* complete) {
    pb_json_writer w;
    pb_json_writer_init(&w, buf, cap);
    pb_json_write_raw(&w, "{\"text\":");
    pb_json_write_string(&w, s, s_len);
    pb_json_write_raw(&w, "}");
    *complete = pb_json_writer_ok(&w);
    return w.len;
}

size_t probe_write_two_pieces(char* buf, size_t cap, const char* a, size_t a_len, const char* b,
                              size_t b_len, int* complete) {
    pb_json_writer w;
    pb_json_writer_init(&w, buf, cap);
    pb_json_write_raw(&w, "\"");
    pb_json_write_escaped(&w, a, a_len);
    pb_json_write_escaped(&w, b, b_len);
    pb_json_write_raw(&w, "\"");
    *complete = pb_json_writer_ok(&w);
    return w.len;
}
