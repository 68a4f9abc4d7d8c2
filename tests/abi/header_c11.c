/* plugin.h as strict C11 (-std=c11 -pedantic -Werror), with the v1 layout. */
#include <plugboard/plugin.h>

#include "abi_v1_layout.h"
#include "header_c11.h"

int pb_test_c_host_has_ask_client(const pb_host_api* api) {
    return PB_HAS_MEMBER(api, pb_host_api, ask_client);
}
