/*
 * The ABI v1 layout, pinned. Included by a C11 and a C++20 translation unit,
 * so a change to plugin.h that moves a member breaks the build in both.
 * Changing an expected value here means a new ABI major (plugin-api/ABI.md).
 */
#ifndef PLUGBOARD_TEST_ABI_V1_LAYOUT_H
#define PLUGBOARD_TEST_ABI_V1_LAYOUT_H

#include <plugboard/plugin.h>

#include <stddef.h>

#ifdef __cplusplus
#define PB_PINNED(condition) static_assert(condition, #condition)
#else
#define PB_PINNED(condition) _Static_assert(condition, #condition)
#endif

PB_PINNED(PB_ABI_MAJOR == 1);
PB_PINNED(PB_OK == 0);
PB_PINNED(PB_ERR_INVALID_PARAMS == 1);
PB_PINNED(PB_ERR_NOT_FOUND == 2);
PB_PINNED(PB_ERR_INTERNAL == 3);
PB_PINNED(PB_ERR_CANCELLED == 4);
PB_PINNED(PB_ERR_UNSUPPORTED == 5);
PB_PINNED(PB_ERR_TIMEOUT == 6);
PB_PINNED(PB_ERR_BAD_ARGUMENT == 7);
PB_PINNED(PB_LOG_DEBUG == 0 && PB_LOG_WARNING == 3 && PB_LOG_EMERGENCY == 7);
PB_PINNED(PB_ITEM_TOOL == 1 && PB_ITEM_RESOURCE == 2 && PB_ITEM_RESOURCE_TEMPLATE == 3);
PB_PINNED(PB_ITEM_PROMPT == 4 && PB_ITEM_COMPLETION == 5);
PB_PINNED(PB_ASK_SAMPLING == 1 && PB_ASK_ELICITATION == 2 && PB_ASK_ROOTS == 3);
PB_PINNED(PB_PLUGIN_FLAG_NONE == 0 && PB_PLUGIN_FLAG_SERIALIZED == 1);
PB_PINNED(PB_ITEM_FLAG_NONE == 0 && PB_ITEM_FLAG_NONBLOCKING == 1); /* since minor 1 */

#if defined(__x86_64__) && defined(__LP64__)

PB_PINNED(sizeof(pb_request) == 80);
PB_PINNED(offsetof(pb_request, struct_size) == 0);
PB_PINNED(offsetof(pb_request, item_kind) == 4);
PB_PINNED(offsetof(pb_request, method) == 8);
PB_PINNED(offsetof(pb_request, params_json) == 16);
PB_PINNED(offsetof(pb_request, params_len) == 24);
PB_PINNED(offsetof(pb_request, arguments_json) == 32);
PB_PINNED(offsetof(pb_request, arguments_len) == 40);
PB_PINNED(offsetof(pb_request, uri) == 48);
PB_PINNED(offsetof(pb_request, uri_len) == 56);
PB_PINNED(offsetof(pb_request, variables_json) == 64);
PB_PINNED(offsetof(pb_request, variables_len) == 72);

PB_PINNED(sizeof(pb_item) == 48);
PB_PINNED(offsetof(pb_item, struct_size) == 0);
PB_PINNED(offsetof(pb_item, kind) == 4);
PB_PINNED(offsetof(pb_item, definition_json) == 8);
PB_PINNED(offsetof(pb_item, definition_len) == 16);
PB_PINNED(offsetof(pb_item, handler) == 24);
PB_PINNED(offsetof(pb_item, user_data) == 32);
PB_PINNED(offsetof(pb_item, flags) == 40);
PB_PINNED(offsetof(pb_item, reserved) == 44);

PB_PINNED(sizeof(pb_host_api) == 88);
PB_PINNED(offsetof(pb_host_api, struct_size) == 0);
PB_PINNED(offsetof(pb_host_api, abi_major) == 4);
PB_PINNED(offsetof(pb_host_api, abi_minor) == 6);
PB_PINNED(offsetof(pb_host_api, complete) == 8);
PB_PINNED(offsetof(pb_host_api, is_cancelled) == 16);
PB_PINNED(offsetof(pb_host_api, on_cancel) == 24);
PB_PINNED(offsetof(pb_host_api, progress) == 32);
PB_PINNED(offsetof(pb_host_api, call_log) == 40);
PB_PINNED(offsetof(pb_host_api, log) == 48);
PB_PINNED(offsetof(pb_host_api, resource_updated) == 56);
PB_PINNED(offsetof(pb_host_api, register_item) == 64);
PB_PINNED(offsetof(pb_host_api, unregister_item) == 72);
PB_PINNED(offsetof(pb_host_api, ask_client) == 80);

PB_PINNED(sizeof(pb_plugin) == 56);
PB_PINNED(offsetof(pb_plugin, struct_size) == 0);
PB_PINNED(offsetof(pb_plugin, abi_major) == 4);
PB_PINNED(offsetof(pb_plugin, abi_minor) == 6);
PB_PINNED(offsetof(pb_plugin, name) == 8);
PB_PINNED(offsetof(pb_plugin, version) == 16);
PB_PINNED(offsetof(pb_plugin, description) == 24);
PB_PINNED(offsetof(pb_plugin, flags) == 32);
PB_PINNED(offsetof(pb_plugin, reserved) == 36);
PB_PINNED(offsetof(pb_plugin, init) == 40);
PB_PINNED(offsetof(pb_plugin, shutdown) == 48);

#endif /* x86-64 LP64 */

#endif /* PLUGBOARD_TEST_ABI_V1_LAYOUT_H */
