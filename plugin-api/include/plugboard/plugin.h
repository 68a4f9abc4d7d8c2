/*
 * plugboard/plugin.h — the Plugboard plugin C ABI, version 1.
 *
 * A plugin is a shared library that exports exactly one symbol:
 *
 *     const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
 *                                                uint16_t host_abi_minor);
 *
 * The daemon calls it once after loading the library. The plugin returns a
 * static descriptor (or NULL to refuse the host). The daemon then calls
 * `init` with a table of host functions; inside `init` (and later, at any
 * time) the plugin registers its items: tools, resources, resource
 * templates, prompts and completion providers, each described by its MCP
 * definition JSON and served by a handler.
 *
 * Rules that hold for every declaration below (see ABI.md for the policy):
 *   - Pure C11, fixed-width integers only; compiles as C and as C++.
 *   - Every struct that crosses the boundary starts with `struct_size`. The
 *     reader checks that a member lies inside `struct_size` before reading
 *     it, so either side may be newer than the other.
 *   - JSON crosses as UTF-8 (pointer, length); it need not be NUL-terminated.
 *   - Host-owned inputs stay valid until the call they belong to is
 *     completed. Plugin-owned outputs are copied by the host before the host
 *     function returns. No allocator crosses the boundary.
 *   - Thread rules are stated on each function:
 *       [any-thread]  may be called from any thread, concurrently.
 *       [lifecycle]   called by the host only from its control thread, never
 *                     concurrently with another [lifecycle] call of the same
 *                     plugin.
 *       [pool-thread] called by the host on a plugin worker thread, or
 *                     on an I/O thread for PB_ITEM_FLAG_NONBLOCKING items.
 */
#ifndef PLUGBOARD_PLUGIN_H
#define PLUGBOARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions ---------------------------------------------------------- */

/* A new major means a new entry symbol (`plugboard_plugin_entry_v2`).
 * A new minor only appends members to struct ends and functions to the end
 * of pb_host_api. */
#define PB_ABI_MAJOR 1
#define PB_ABI_MINOR 1

#define PB_ENTRY_SYMBOL "plugboard_plugin_entry_v1"

#if defined(_WIN32)
#define PB_EXPORT __declspec(dllexport)
#else
#define PB_EXPORT __attribute__((visibility("default")))
#endif

/* True when `member` of the struct pointed to by `ptr` lies inside the
 * struct_size the writer declared. Use it before reading any member that was
 * appended after minor version 0. */
#define PB_HAS_MEMBER(ptr, type, member) \
    ((ptr)->struct_size >= offsetof(type, member) + sizeof(((type*)0)->member))

/* ---- Status codes ------------------------------------------------------ */

/* Passed to pb_host_api.complete and returned by host functions.
 * PB_OK completes with a result object. Any other status completes with a
 * protocol error; its payload is a UTF-8 message meant for the client.
 * A failed tool run (bad input the model can fix, an upstream API failure)
 * is NOT an error status: it is PB_OK with a CallToolResult whose
 * `isError` is true. */
#define PB_OK 0
#define PB_ERR_INVALID_PARAMS 1 /* JSON-RPC -32602 */
#define PB_ERR_NOT_FOUND 2      /* resource/prompt/item does not exist */
#define PB_ERR_INTERNAL 3       /* JSON-RPC -32603 */
#define PB_ERR_CANCELLED 4      /* the call or request was cancelled */
#define PB_ERR_UNSUPPORTED 5    /* the host, session or client cannot do this */
#define PB_ERR_TIMEOUT 6        /* a deadline passed */
#define PB_ERR_BAD_ARGUMENT 7   /* a host function was called with bad input */

/* ---- Log levels (RFC 5424 severities, as MCP uses them) ---------------- */

#define PB_LOG_DEBUG 0
#define PB_LOG_INFO 1
#define PB_LOG_NOTICE 2
#define PB_LOG_WARNING 3
#define PB_LOG_ERROR 4
#define PB_LOG_CRITICAL 5
#define PB_LOG_ALERT 6
#define PB_LOG_EMERGENCY 7

/* ---- Item kinds --------------------------------------------------------- */

/* `definition_json` of each kind is the MCP object the client will see:
 *   PB_ITEM_TOOL               a Tool: {"name", "description", "inputSchema", ...}
 *   PB_ITEM_RESOURCE           a Resource: {"uri", "name", "mimeType", ...}
 *   PB_ITEM_RESOURCE_TEMPLATE  a ResourceTemplate: {"uriTemplate", "name", ...}
 *   PB_ITEM_PROMPT             a Prompt: {"name", "description", "arguments", ...}
 *   PB_ITEM_COMPLETION         a completion provider: {"ref": <PromptReference
 *                              or ResourceTemplateReference>}
 * The host may prefix tool and prompt names with a namespace (see the
 * daemon's registry settings). A handler is bound to its item, so it never
 * needs to look at the name in params_json, which the client wrote. */
#define PB_ITEM_TOOL 1
#define PB_ITEM_RESOURCE 2
#define PB_ITEM_RESOURCE_TEMPLATE 3
#define PB_ITEM_PROMPT 4
#define PB_ITEM_COMPLETION 5

/* ---- Opaque handles ----------------------------------------------------- */

/* The host's view of one loaded plugin. Valid from init until shutdown returns. */
typedef struct pb_host pb_host;

/* One in-flight request served by a handler. Valid until the plugin calls
 * pb_host_api.complete on it; using it afterwards is harmless (the host
 * ignores it and logs a warning) but wrong. */
typedef struct pb_call pb_call;

/* ---- Requests ----------------------------------------------------------- */

/* What a handler is asked to do. Host-owned; valid until the call completes.
 * Spans that do not apply are NULL with length 0. */
typedef struct pb_request {
    uint32_t struct_size;
    uint32_t item_kind; /* PB_ITEM_* of the item that serves the request */

    /* The JSON-RPC method, NUL-terminated: "tools/call", "resources/read",
     * "prompts/get" or "completion/complete". */
    const char* method;

    /* The request's `params` object exactly as the client sent it. */
    const char* params_json;
    size_t params_len;

    /* tools/call and prompts/get: the `arguments` object ("{}" if absent).
     * Tool arguments have already been validated against inputSchema.
     * completion/complete: the `argument` object {"name", "value"}. */
    const char* arguments_json;
    size_t arguments_len;

    /* resources/read: the requested URI. */
    const char* uri;
    size_t uri_len;

    /* resources/read through a template: the template's variables as a JSON
     * object of strings (lists as arrays), e.g. {"id":"42"}. */
    const char* variables_json;
    size_t variables_len;
} pb_request;

/* Serves one request. [pool-thread]
 * Owes exactly one pb_host_api.complete(call, ...), from any thread, before
 * or after returning. Must not block indefinitely: the host enforces a
 * deadline and answers the client when it passes, but the call's memory is
 * only released once the plugin completes it. */
typedef void (*pb_handler_fn)(void* item_user_data, pb_call* call, const pb_request* request);

/* Told that the client cancelled the call or its deadline passed. [any-thread]
 * Runs at most once per call, on a host thread; it must be quick and must not
 * complete the call itself. The plugin still owes complete() afterwards. */
typedef void (*pb_cancel_fn)(void* user_data, pb_call* call);

/* The client's answer to pb_host_api.ask_client. [any-thread]
 * Called exactly once. status PB_OK: `json` is the client's result object
 * (CreateMessageResult, ElicitResult or ListRootsResult). Otherwise `json`
 * is a UTF-8 message and status says why (PB_ERR_UNSUPPORTED when the
 * client lacks the capability or the transport cannot carry the request,
 * PB_ERR_TIMEOUT, PB_ERR_CANCELLED when the originating call ended). The
 * span is valid only during the callback. */
typedef void (*pb_answer_fn)(void* user_data, int32_t status, const char* json, size_t json_len);

/* What ask_client asks for. */
#define PB_ASK_SAMPLING 1    /* sampling/createMessage */
#define PB_ASK_ELICITATION 2 /* elicitation/create (form or URL mode) */
#define PB_ASK_ROOTS 3       /* roots/list */

/* ---- Items -------------------------------------------------------------- */

/* Flags of a pb_item. Unknown bits are ignored by the host. */
#define PB_ITEM_FLAG_NONE 0u
/* Since minor 1. The handler never blocks: it completes the call, or hands
 * the work to a thread of its own, within microseconds. The host may then
 * run it on the I/O thread that read the request instead of handing it to
 * the pool, which saves two thread switches per call. A handler with this
 * flag that sleeps, waits on a lock or does I/O stalls every client served
 * by that thread. Ignored for plugins that run serialized. */
#define PB_ITEM_FLAG_NONBLOCKING 1u

/* An item to register. Plugin-owned; copied by register_item. */
typedef struct pb_item {
    uint32_t struct_size;
    uint32_t kind; /* PB_ITEM_* */
    const char* definition_json;
    size_t definition_len;
    pb_handler_fn handler; /* NULL allowed only for PB_ITEM_RESOURCE lists
                              that are never read, which is rarely useful */
    void* user_data;       /* passed back to the handler as is */
    uint32_t flags;        /* PB_ITEM_FLAG_* */
    uint32_t reserved;     /* must be 0 */
} pb_item;

/* ---- Host API ----------------------------------------------------------- */

typedef struct pb_host_api {
    uint32_t struct_size;
    uint16_t abi_major; /* the host's PB_ABI_MAJOR */
    uint16_t abi_minor; /* the host's PB_ABI_MINOR */

    /* Finishes a call. [any-thread] Exactly once per call.
     * status PB_OK: `json` is the method's whole result object:
     * CallToolResult, ReadResourceResult, GetPromptResult or CompleteResult.
     * Other status: `json` is a UTF-8 error message (may be NULL).
     * The host copies the bytes before returning. A second completion, or a
     * result that is not valid JSON, is logged and answered as an internal
     * error; it never reaches the client as is. */
    void (*complete)(pb_call* call, int32_t status, const char* json, size_t json_len);

    /* 1 once the client cancelled the call or its deadline passed, else 0.
     * [any-thread] */
    int32_t (*is_cancelled)(pb_call* call);

    /* Registers a push notification for cancellation. [any-thread]
     * If the call is already cancelled, `fn` runs before this returns.
     * A second registration replaces the first. */
    void (*on_cancel)(pb_call* call, pb_cancel_fn fn, void* user_data);

    /* Reports progress. [any-thread] Sent as notifications/progress only if
     * the request carried a progressToken; `progress` must increase from one
     * report to the next (others are dropped). `total` < 0 means unknown.
     * `message` is NUL-terminated UTF-8 or NULL. */
    void (*progress)(pb_call* call, double progress, double total, const char* message);

    /* Sends a log message to the client that made the call, as
     * notifications/message, if the session's log level lets it through.
     * [any-thread] `logger` is NUL-terminated or NULL; `data_json` is any JSON
     * value (a JSON string for plain text). */
    void (*call_log)(pb_call* call, int32_t level, const char* logger, const char* data_json,
                     size_t data_len);

    /* Writes a line to the daemon's own log (stderr or the journal), tagged
     * with the plugin's name. [any-thread] `message` is NUL-terminated. */
    void (*log)(pb_host* host, int32_t level, const char* message);

    /* Says a resource's content changed; subscribed sessions receive
     * notifications/resources/updated. [any-thread] */
    void (*resource_updated)(pb_host* host, const char* uri, size_t uri_len);

    /* Registers an item. [any-thread] (also from inside init)
     * Returns PB_OK, or an error status with a reason written to `error_buf`
     * (NUL-terminated, truncated to error_cap) when the definition is not
     * valid MCP JSON or its name is taken. After init, a successful
     * registration makes the host send the matching list_changed. */
    int32_t (*register_item)(pb_host* host, const pb_item* item, char* error_buf, size_t error_cap);

    /* Removes an item this plugin registered, by kind and by the name (tools,
     * prompts), URI (resources), URI template (templates) or reference name
     * or URI (completions) it was registered with. [any-thread]
     * Returns PB_OK or PB_ERR_NOT_FOUND. Calls already running finish. */
    int32_t (*unregister_item)(pb_host* host, uint32_t kind, const char* key, size_t key_len);

    /* Asks the client of `call`'s session for something: `what` is a
     * PB_ASK_* value and `params_json` the MCP request params for it.
     * [any-thread] `answer` runs exactly once, possibly before this returns.
     * The originating call stays open meanwhile. */
    void (*ask_client)(pb_call* call, int32_t what, const char* params_json, size_t params_len,
                       pb_answer_fn answer, void* user_data);
} pb_host_api;

/* ---- The plugin descriptor --------------------------------------------- */

/* Flags of a pb_plugin. */
#define PB_PLUGIN_FLAG_NONE 0u
/* Run this plugin's handlers one at a time, in arrival order. */
#define PB_PLUGIN_FLAG_SERIALIZED 1u

typedef struct pb_plugin {
    uint32_t struct_size;
    uint16_t abi_major; /* PB_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor; /* PB_ABI_MINOR the plugin was built against */

    const char* name;        /* short, [A-Za-z0-9_-]; the default namespace */
    const char* version;     /* the plugin's own version, free form */
    const char* description; /* one line; may be NULL */
    uint32_t flags;          /* PB_PLUGIN_FLAG_* */
    uint32_t reserved;       /* must be 0 */

    /* Starts the plugin. [lifecycle]
     * `config_json` is the plugin's `config:` block from the daemon's YAML,
     * as a JSON object ("{}" when absent). Register items through `api`.
     * Store per-plugin state in *state; it is passed to shutdown.
     * Return PB_OK, or another status with a reason in `error_buf`
     * (NUL-terminated, truncated to error_cap); the daemon then refuses the
     * plugin, drops what it registered and never calls shutdown. */
    int32_t (*init)(pb_host* host, const pb_host_api* api, const char* config_json,
                    size_t config_len, void** state, char* error_buf, size_t error_cap);

    /* Stops the plugin. [lifecycle] Called once, after every call the host
     * started has been completed or abandoned at its deadline. May be NULL.
     * The library is not unloaded afterwards. */
    void (*shutdown)(void* state);
} pb_plugin;

/* The single exported entry point. Returns NULL if the plugin cannot work
 * with the host's ABI version (the host logs that it was refused). */
typedef const pb_plugin* (*pb_entry_fn)(uint16_t host_abi_major, uint16_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PLUGBOARD_PLUGIN_H */
