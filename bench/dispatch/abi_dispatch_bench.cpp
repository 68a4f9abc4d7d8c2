// What the C ABI costs per call: the host starts a call on a nonblocking
// item, the plugin's handler runs and calls complete(), and the host hands
// the answer on. No JSON request is parsed; the only JSON work left is the
// host's check that the result is an object (a 14-byte one here), which
// BM_ResultCheckOnly measures alone so it can be subtracted.
#include <benchmark/benchmark.h>
#include <plugboard/plugin.h>
#include <simdjson.h>

#include <cstring>
#include <string_view>

#include "host/plugin_host.hpp"
#include "registry/registry.hpp"

namespace {

using namespace plugboard;

constexpr std::string_view kResult = R"({"content":[]})";
constexpr std::string_view kTool = R"({"name":"noop","inputSchema":{"type":"object"}})";

const pb_host_api* api = nullptr;

void complete_at_once(void*, pb_call* call, const pb_request*) {
    api->complete(call, PB_OK, kResult.data(), kResult.size());
}

const pb_plugin kDescriptor = {
    sizeof(pb_plugin), PB_ABI_MAJOR, PB_ABI_MINOR, "bench", "1", nullptr, 0, 0, nullptr, nullptr};

struct Host {
    Host(std::uint32_t flags) {
        api = &host::PluginHost::api();
        pb_item item{};
        item.struct_size = sizeof item;
        item.kind = PB_ITEM_TOOL;
        item.definition_json = kTool.data();
        item.definition_len = kTool.size();
        item.handler = complete_at_once;
        item.flags = flags;
        tool = registry.add({&plugin, plugin.name(), std::nullopt}, item).item;
    }
    host::PluginThreads pool{1};
    registry::Registry registry{{}};
    host::PluginHost plugin_host{registry, pool, std::chrono::seconds(5)};
    host::PluginInstance plugin{plugin_host, "bench.so", kDescriptor};
    registry::ItemPtr tool;
};

void BM_AbiRoundTrip(benchmark::State& state) {
    Host host(PB_ITEM_FLAG_NONBLOCKING);
    std::size_t answered = 0;
    for (auto _ : state) {
        auto call = host.plugin_host.start(host.tool, {}, {},
                                           [&](std::int32_t status, std::string payload) {
                                               answered += status == PB_OK ? payload.size() : 0;
                                           });
        benchmark::DoNotOptimize(call);
    }
    if (answered != state.iterations() * kResult.size()) state.SkipWithError("a call failed");
}
BENCHMARK(BM_AbiRoundTrip);

void BM_ResultCheckOnly(benchmark::State& state) {
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::dom::element element;
        const bool ok =
            !parser.parse(kResult.data(), kResult.size()).get(element) && element.is_object();
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(BM_ResultCheckOnly);

// For scale: a plain indirect call through a function pointer.
void BM_IndirectCallOnly(benchmark::State& state) {
    pb_handler_fn handler = [](void* user_data, pb_call*, const pb_request*) {
        ++*static_cast<std::size_t*>(user_data);
    };
    benchmark::DoNotOptimize(handler);
    std::size_t runs = 0;
    for (auto _ : state)
        handler(&runs, nullptr, nullptr);
    benchmark::DoNotOptimize(runs);
}
BENCHMARK(BM_IndirectCallOnly);

}  // namespace

BENCHMARK_MAIN();
