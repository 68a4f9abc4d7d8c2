// The json_c.h functions as compiled by a C11 translation unit.
#ifndef PLUGBOARD_TESTS_JSON_C_PROBE_H
#define PLUGBOARD_TESTS_JSON_C_PROBE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int probe_find(const char* json, size_t json_len, const char* key, const char** value,
               size_t* value_len);
int probe_get_string(const char* json, size_t json_len, const char* key, char* out, size_t out_cap,
                     size_t* out_len);
int probe_get_number(const char* json, size_t json_len, const char* key, double* out);
int probe_decode_string(const char* token, size_t token_len, char* out, size_t out_cap,
                        size_t* out_len);

/* Writes {"text":<s as a JSON string>} into buf; returns the length asked
 * for and sets *complete to pb_json_writer_ok(). */
size_t probe_write_text_object(char* buf, size_t cap, const char* s, size_t s_len, int* complete);

/* Writes one JSON string built from the pieces a and b. */
size_t probe_write_two_pieces(char* buf, size_t cap, const char* a, size_t a_len, const char* b,
                              size_t b_len, int* complete);

#ifdef __cplusplus
}
#endif

#endif
