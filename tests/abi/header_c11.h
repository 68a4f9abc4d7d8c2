/* What header_c11.c exposes to the C++ tests. */
#ifndef PLUGBOARD_TEST_HEADER_C11_H
#define PLUGBOARD_TEST_HEADER_C11_H

#include <plugboard/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PB_HAS_MEMBER(api, pb_host_api, ask_client), evaluated by the C compiler. */
int pb_test_c_host_has_ask_client(const pb_host_api* api);

#ifdef __cplusplus
}
#endif

#endif
