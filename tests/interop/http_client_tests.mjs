// The interop checks shared by the HTTP transports: the official SDK client,
// connected through `makeTransport(origin)`, drives `plugboard serve` loaded
// with the bundled plugins and the conformance fixture. Paths come from the
// environment (set by CTest): PLUGBOARD_BIN, PLUGBOARD_PLUGIN_DIR,
// PLUGBOARD_TEST_PLUGIN_DIR.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { startDaemon, writeConfig } from "./daemon.mjs";

const bin = process.env.PLUGBOARD_BIN;
const pluginDir = process.env.PLUGBOARD_PLUGIN_DIR;
const testPluginDir = process.env.PLUGBOARD_TEST_PLUGIN_DIR;

const watchedUri = "test://watched-resource";
const watchedIntervalMs = 200;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineHttpClientTests(makeTransport) {
  assert.ok(bin && pluginDir && testPluginDir, "PLUGBOARD_BIN, PLUGBOARD_PLUGIN_DIR and PLUGBOARD_TEST_PLUGIN_DIR must be set");
  let daemon;
  let client;
  const updatedUris = [];

  before(async () => {
    const config = writeConfig({
      pluginDir,
      testPluginDir,
      conformanceConfig: [`watched_resource_interval_ms: ${watchedIntervalMs}`],
    });
    daemon = await startDaemon({ bin, config });
    client = new Client(
      { name: "plugboard-interop", version: "1.0.0" },
      { capabilities: { sampling: {}, elicitation: {} } },
    );
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      model: "interop-model",
      role: "assistant",
      content: { type: "text", text: `sampled: ${request.params.messages[0].content.text}` },
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: "accept",
      content: { username: "ada", email: "ada@example.com" },
    }));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updatedUris.push(n.params.uri));
    await client.connect(makeTransport(daemon.origin));
  });

  after(async () => {
    await client?.close();
    await daemon?.stop();
  });

  test("reports the server and its capabilities", () => {
    assert.equal(client.getServerVersion().name, "plugboard");
    const capabilities = client.getServerCapabilities();
    assert.ok(capabilities.tools && capabilities.prompts && capabilities.logging);
    assert.equal(capabilities.resources?.subscribe, true);
  });

  test("lists tools, resources, templates and prompts", async () => {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    for (const name of ["echo", "add", "bmi", "long_task", "test_simple_text", "test_sampling"]) {
      assert.ok(tools.includes(name), `${name} missing from ${tools.join(",")}`);
    }
    const resources = (await client.listResources()).resources.map((r) => r.uri);
    assert.ok(resources.includes("test://static-text") && resources.includes(watchedUri), resources.join(","));
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    for (const template of ["echo://{message}", "greeting://{name}", "test://template/{id}/data"]) {
      assert.ok(templates.includes(template), `${template} missing from ${templates.join(",")}`);
    }
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    for (const name of ["echo", "greet", "test_simple_prompt"]) assert.ok(prompts.includes(name), prompts.join(","));
  });

  test("calls tools written in C and in C++", async () => {
    const echoed = await client.callTool({ name: "echo", arguments: { message: "hello over HTTP" } });
    assert.deepEqual(echoed.content, [{ type: "text", text: "hello over HTTP" }]);
    const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    assert.equal(sum.isError ?? false, false);
    assert.match(sum.content[0].text, /42/);
  });

  test("an unknown tool is a JSON-RPC error", async () => {
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), /Unknown tool/);
  });

  test("progress notifications reach the client during the call", async () => {
    const seen = [];
    const result = await client.callTool(
      { name: "long_task", arguments: { steps: 5, step_ms: 20 } },
      undefined,
      { onprogress: (progress) => seen.push(progress) },
    );
    assert.equal(result.isError ?? false, false);
    // The SDK may drop the last notification when it shares a read with the
    // response (typescript-sdk issue 2580).
    const values = seen.map((p) => p.progress);
    assert.ok(values.length >= 4, `only ${values.length} progress notifications arrived`);
    assert.deepEqual(values, [1, 2, 3, 4, 5].slice(0, values.length));
    assert.ok(seen.every((p) => p.total === 5));

    const fixture = [];
    await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
      onprogress: (progress) => fixture.push(progress.progress),
    });
    assert.ok(fixture.length >= 2, `only ${fixture.length} fixture progress notifications arrived`);
    assert.deepEqual(fixture, [0, 50, 100].slice(0, fixture.length));
  });

  test("reads resources, fixed and through templates", async () => {
    const greeting = await client.readResource({ uri: "greeting://Ada" });
    assert.equal(greeting.contents[0].text, "Hello, Ada!");
    const fixed = await client.readResource({ uri: "test://static-text" });
    assert.deepEqual(fixed.contents, [
      { uri: "test://static-text", mimeType: "text/plain", text: "This is the content of the static text resource." },
    ]);
    await assert.rejects(client.readResource({ uri: "nothing://here" }), /Resource not found/);
  });

  test("gets prompts and completions", async () => {
    const prompt = await client.getPrompt({ name: "echo", arguments: { message: "hi" } });
    assert.deepEqual(prompt.messages, [
      { role: "user", content: { type: "text", text: "Please process this message: hi" } },
    ]);
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "style", value: "c" },
    });
    assert.deepEqual(completion.completion.values, ["casual"]);
  });

  test("subscriptions deliver resources/updated until unsubscribed", async () => {
    updatedUris.length = 0;
    await client.subscribeResource({ uri: watchedUri });
    const deadline = Date.now() + 5000;
    while (!updatedUris.length && Date.now() < deadline) await sleep(20);
    assert.deepEqual([...new Set(updatedUris)], [watchedUri], "no resources/updated within 5 s");
    await client.unsubscribeResource({ uri: watchedUri });
    await sleep(watchedIntervalMs);
    updatedUris.length = 0;
    await sleep(5 * watchedIntervalMs);
    assert.deepEqual(updatedUris, [], "updates kept coming after unsubscribe");
  });

  test("sampling round-trips through the client", async () => {
    const result = await client.callTool({ name: "test_sampling", arguments: { prompt: "What is 2+2?" } });
    assert.deepEqual(result.content, [{ type: "text", text: "LLM response: sampled: What is 2+2?" }]);
  });

  test("elicitation round-trips through the client", async () => {
    const result = await client.callTool({ name: "test_elicitation", arguments: { message: "Who are you?" } });
    assert.equal(result.isError ?? false, false, JSON.stringify(result));
    const prefix = "User response: action=accept, content=";
    assert.ok(result.content[0].text.startsWith(prefix), result.content[0].text);
    assert.deepEqual(JSON.parse(result.content[0].text.slice(prefix.length)), {
      username: "ada",
      email: "ada@example.com",
    });
  });

  test("the daemon stops cleanly on SIGTERM and logged no errors", async () => {
    await client.close();
    client = undefined;
    const exit = await daemon.stop();
    const log = daemon.stderr();
    daemon = undefined;
    assert.equal(exit.timedOut, undefined, "still running 8 s after SIGTERM");
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null });
    assert.doesNotMatch(log, /\berror\b|critical/i, log);
  });
}
