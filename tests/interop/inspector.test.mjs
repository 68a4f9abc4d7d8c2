// Interop: the MCP Inspector's CLI mode (@modelcontextprotocol/inspector)
// lists and calls tools of `plugboard serve` over Streamable HTTP and the
// legacy SSE transport. The Inspector needs Node >= 22, which the `node`
// package in package.json provides; the test itself runs on any Node.
// Paths come from the environment (set by CTest): PLUGBOARD_BIN,
// PLUGBOARD_PLUGIN_DIR, PLUGBOARD_TEST_PLUGIN_DIR.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDaemon, writeConfig } from "./daemon.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const node22 = join(here, "node_modules/.bin/node");
const inspector = join(here, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
const bin = process.env.PLUGBOARD_BIN;
const pluginDir = process.env.PLUGBOARD_PLUGIN_DIR;
const testPluginDir = process.env.PLUGBOARD_TEST_PLUGIN_DIR;
assert.ok(bin && pluginDir && testPluginDir, "PLUGBOARD_BIN, PLUGBOARD_PLUGIN_DIR and PLUGBOARD_TEST_PLUGIN_DIR must be set");
assert.ok(existsSync(node22) && existsSync(inspector), `run: npm ci --prefix ${here}`);

const cliTimeoutMs = 60_000;
let daemon;
// The Inspector keeps a catalog and secrets under HOME: keep them out of the user's.
let home;

// Runs the Inspector CLI against `target`; resolves to {code, result, error}
// from its --format json output (result on stdout, error on stderr).
function inspect(target, transport, args) {
  return new Promise((resolve) => {
    execFile(
      node22,
      [inspector, "--cli", "--format", "json", "--transport", transport, "--server-url", target, "--stored-auth-only", ...args],
      {
        timeout: cliTimeoutMs,
        env: { ...process.env, HOME: home, MCP_CATALOG_PATH: join(home, "mcp.json") },
      },
      (error, stdout, stderr) => {
        const parse = (text) => {
          try {
            return JSON.parse(text);
          } catch {
            return undefined;
          }
        };
        resolve({
          code: error ? error.code : 0,
          result: parse(stdout)?.result,
          error: parse(stderr)?.error,
          output: `${stdout}\n${stderr}`,
        });
      },
    );
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), "plugboard-inspector-"));
  daemon = await startDaemon({ bin, config: writeConfig({ pluginDir, testPluginDir }) });
});

after(async () => {
  await daemon?.stop();
});

for (const [transport, path] of [["http", "/mcp"], ["sse", "/sse"]]) {
  test(`${transport}: tools/list names the bundled and fixture tools`, async () => {
    const { code, result, output } = await inspect(`${daemon.origin}${path}`, transport, ["--method", "tools/list"]);
    assert.equal(code, 0, output);
    const names = result.tools.map((tool) => tool.name);
    for (const name of ["echo", "add", "bmi", "test_simple_text"]) assert.ok(names.includes(name), names.join(","));
  });

  test(`${transport}: tools/call echo and add with --tool-arg`, async () => {
    const url = `${daemon.origin}${path}`;
    const call = ["--method", "tools/call", "--tool-name"];
    const echoed = await inspect(url, transport, [...call, "echo", "--tool-arg", "message=hi inspector"]);
    assert.equal(echoed.code, 0, echoed.output);
    assert.deepEqual(echoed.result.content, [{ type: "text", text: "hi inspector" }]);
    const sum = await inspect(url, transport, [...call, "add", "--tool-arg", "a=2", "b=40"]);
    assert.equal(sum.code, 0, sum.output);
    assert.match(sum.result.content[0].text, /^42(\.0)?$/);
  });
}

test("http: resources/read and prompts/get", async () => {
  const url = `${daemon.origin}/mcp`;
  const read = await inspect(url, "http", ["--method", "resources/read", "--uri", "greeting://Ada"]);
  assert.equal(read.code, 0, read.output);
  assert.deepEqual(read.result.contents, [{ uri: "greeting://Ada", mimeType: "text/plain", text: "Hello, Ada!" }]);
  const prompt = await inspect(url, "http", [
    "--method", "prompts/get", "--prompt-name", "test_prompt_with_arguments", "--prompt-args", "arg1=a", "arg2=b",
  ]);
  assert.equal(prompt.code, 0, prompt.output);
  assert.deepEqual(prompt.result.messages, [
    { role: "user", content: { type: "text", text: "Prompt with arguments: arg1='a', arg2='b'" } },
  ]);
});

test("http: an unknown tool fails the CLI with an error", async () => {
  const args = ["--method", "tools/call", "--tool-name", "no_such_tool"];
  const { code, error, output } = await inspect(`${daemon.origin}/mcp`, "http", args);
  assert.notEqual(code, 0, output);
  assert.ok(error?.message, output);
});
