// Resources: static text, static binary, one that changes over time, and a
// template that echoes its variable.
#include <string>
#include <string_view>

#include "items.hpp"
#include "media.hpp"

namespace plugboard::conformance {
namespace {

constexpr std::string_view kWatchedUri = "test://watched-resource";

Json contents(Json content) {
    return {{"contents", Json::array({std::move(content)})}};
}

void static_text(Context& context, pb_call* call, const pb_request&) {
    complete(context, call,
             contents({{"uri", "test://static-text"},
                       {"mimeType", "text/plain"},
                       {"text", "This is the content of the static text resource."}}));
}

void static_binary(Context& context, pb_call* call, const pb_request&) {
    complete(
        context, call,
        contents(
            {{"uri", "test://static-binary"}, {"mimeType", "image/png"}, {"blob", kRedPixelPng}}));
}

void watched(Context& context, pb_call* call, const pb_request&) {
    complete(context, call,
             contents({{"uri", kWatchedUri},
                       {"mimeType", "text/plain"},
                       {"text", "Watched resource content, version " +
                                    std::to_string(context.watched_resource_version.load())}}));
}

void template_data(Context& context, pb_call* call, const pb_request& request) {
    const auto id = string_member(parse_span(request.variables_json, request.variables_len), "id");
    if (!id) {
        fail(context, call, PB_ERR_INVALID_PARAMS, "the URI has no {id}");
        return;
    }
    const Json data = {{"id", *id}, {"templateTest", true}, {"data", "Data for ID: " + *id}};
    complete(context, call,
             contents({{"uri", std::string(request.uri, request.uri_len)},
                       {"mimeType", "application/json"},
                       {"text", data.dump()}}));
}

Json resource(const char* uri, const char* name, const char* title, const char* description,
              const char* mime_type) {
    return {{"uri", uri},
            {"name", name},
            {"title", title},
            {"description", description},
            {"mimeType", mime_type}};
}

}  // namespace

std::vector<ItemSpec> resources() {
    return {
        {PB_ITEM_RESOURCE,
         resource("test://static-text", "static-text", "Static Text Resource",
                  "A static text resource for testing", "text/plain"),
         guarded<static_text>},
        {PB_ITEM_RESOURCE,
         resource("test://static-binary", "static-binary", "Static Binary Resource",
                  "A static binary resource (a PNG image) for testing", "image/png"),
         guarded<static_binary>},
        {PB_ITEM_RESOURCE,
         resource(kWatchedUri.data(), "watched-resource", "Watched Resource",
                  "A resource whose content changes periodically; subscribe to hear of it",
                  "text/plain"),
         guarded<watched>},
        {PB_ITEM_RESOURCE_TEMPLATE,
         {{"uriTemplate", "test://template/{id}/data"},
          {"name", "template"},
          {"title", "Resource Template"},
          {"description", "A resource template with parameter substitution"},
          {"mimeType", "application/json"}},
         guarded<template_data>},
    };
}

void start_watched_resource_updates(Context& context) {
    if (context.settings.watched_resource_interval.count() <= 0) return;
    context.scheduler.every(context.settings.watched_resource_interval, [&context] {
        ++context.watched_resource_version;
        context.api->resource_updated(context.host, kWatchedUri.data(), kWatchedUri.size());
    });
}

}  // namespace plugboard::conformance
