// Maps the MCP capability methods (tools, resources, prompts, completion)
// onto the registry and the plugin host. Lifecycle methods (initialize,
// ping, logging, subscriptions) belong to the session.
#pragma once

#include <simdjson.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "dispatch/outcome.hpp"
#include "host/plugin_host.hpp"
#include "protocol/revision.hpp"
#include "registry/registry.hpp"

namespace plugboard::dispatch {

struct RequestContext {
    protocol::Revision revision = protocol::kLatestRevision;
    std::string_view params;            // raw JSON, empty if absent
    simdjson::dom::element params_dom;  // the same, parsed; unusable when params is empty
    std::optional<std::string> progress_token;
    std::weak_ptr<host::ClientChannel> channel;
};

using AnswerFn = std::function<void(Outcome)>;

// What the server announces in InitializeResult, from what plugins offer.
struct Capabilities {
    bool tools = false;
    bool resources = false;  // resources or resource templates
    bool prompts = false;
    bool completions = false;
    // listChanged and resources.subscribe: only where notifications can reach the client.
    bool notifications = true;

    bool announces(registry::ItemKind kind) const;
    std::string to_json() const;  // always includes logging
};
// Either answered at once, or a started plugin call that answers later.
using Dispatched = std::variant<Outcome, std::shared_ptr<host::Call>>;

class Dispatcher {
  public:
    Dispatcher(registry::Registry& registry, host::PluginHost& host, std::size_t page_size);

    // `answer` is used only when a call is started; it may run on any thread.
    Dispatched dispatch(std::string_view method, const RequestContext& context, AnswerFn answer);

    Capabilities capabilities() const;

    host::PluginHost& host() { return host_; }

  private:
    Dispatched list(registry::ItemKind kind, std::string_view member,
                    const RequestContext& context);
    Dispatched call_tool(const RequestContext& context, AnswerFn answer);
    Dispatched read_resource(const RequestContext& context, AnswerFn answer);
    Dispatched get_prompt(const RequestContext& context, AnswerFn answer);
    Dispatched complete(const RequestContext& context, AnswerFn answer);
    std::shared_ptr<host::Call> start(registry::ItemPtr item, std::string_view method,
                                      const RequestContext& context, host::CallInput input,
                                      AnswerFn answer);

    registry::Registry& registry_;
    host::PluginHost& host_;
    std::size_t page_size_;
};

// How a plugin's completion status becomes a JSON-RPC answer.
Outcome outcome_from_plugin(std::int32_t status, std::string payload, registry::ItemKind kind);

}  // namespace plugboard::dispatch
