// Runs every server scenario of the official MCP conformance suite
// (@modelcontextprotocol/conformance, pinned in package.json) against
// `plugboard serve` and fails unless each scenario ran and each of its checks
// is SUCCESS or INFO. The suite itself only fails on FAILURE; we count its
// WARNINGs as failures too.
//
//   npm ci --prefix tests/conformance && node tests/conformance/run.mjs
//
// Environment (all optional; CTest sets them for its build folder):
//   PLUGBOARD_BIN               the daemon (default: build/plugboard)
//   PLUGBOARD_PLUGIN_DIR        bundled plugins   } default: the paths in
//   PLUGBOARD_TEST_PLUGIN_DIR   conformance.so    } plugboard.yaml (build/)
//   PLUGBOARD_CONFORMANCE_OUT   where results go (default: a new temp folder)
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startDaemon } from "../interop/daemon.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const suiteTimeoutMs = 240_000;
const listTimeoutMs = 30_000;

// Checks the suite cannot score SUCCESS or INFO against any server, by
// design of the pinned version. Key: "scenario/check id", value: why.
// Empty: with plugboard.yaml's settings every check can pass.
const unscorable = new Map();

// INFO results that would mean a feature went untested: plugboard.yaml turns
// SSE polling on, so the stream must close mid-call and the resumed GET must
// deliver the result (the suite says INFO when the POST stream carried it).
const mustSucceed = new Map([
  ["server-sse-polling/server-sse-disconnect-resume", "close_post_streams_after_ms is set: the call must be resumed"],
]);

const marker = ".plugboard-conformance";

function fail(message) {
  console.error(`conformance: ${message}`);
  process.exit(1);
}

function suiteTools() {
  const node = join(here, "node_modules/.bin/node");
  const suite = join(here, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
  if (!existsSync(node) || !existsSync(suite)) {
    fail(`the suite is not installed; run: npm ci --prefix ${join(repo, "tests/conformance")}`);
  }
  const version = spawnSync(node, ["--version"], { encoding: "utf8", timeout: listTimeoutMs }).stdout.trim();
  if (Number(/^v(\d+)/.exec(version)?.[1] ?? 0) < 22) fail(`${node} is ${version || "unusable"}; the suite needs Node >= 22`);
  const { version: suiteVersion } = JSON.parse(
    readFileSync(join(here, "node_modules/@modelcontextprotocol/conformance/package.json"), "utf8"),
  );
  return { node, suite, suiteVersion };
}

// The server scenarios the installed suite knows, from `conformance list`.
function serverScenarios({ node, suite }) {
  const listed = spawnSync(node, [suite, "list"], { encoding: "utf8", timeout: listTimeoutMs });
  const text = `${listed.stdout}${listed.stderr}`;
  const section = /Server scenarios[^\n]*\n([\s\S]*?)(?:\n\s*\n|Client scenarios|$)/.exec(text);
  const names = section ? [...section[1].matchAll(/^\s*-\s*(\S+)/gm)].map((m) => m[1]) : [];
  if (!names.length) fail(`could not read the scenario list from \`conformance list\`:\n${text}`);
  return names;
}

function outputFolder() {
  const wanted = process.env.PLUGBOARD_CONFORMANCE_OUT;
  if (!wanted) return mkdtempSync(join(tmpdir(), "plugboard-conformance-"));
  // Results of an earlier run would be read as this run's: clear them, but
  // only from a folder this script made.
  if (existsSync(wanted)) {
    if (readdirSync(wanted).length && !existsSync(join(wanted, marker))) {
      fail(`${wanted} exists and was not made by this script; choose another PLUGBOARD_CONFORMANCE_OUT`);
    }
    rmSync(wanted, { recursive: true, force: true });
  }
  mkdirSync(wanted, { recursive: true });
  return wanted;
}

// plugboard.yaml as is for the default build/, else a copy pointing at the
// given build folder's plugins.
function configFor(out) {
  const original = join(here, "plugboard.yaml");
  const pluginDir = process.env.PLUGBOARD_PLUGIN_DIR;
  const testPluginDir = process.env.PLUGBOARD_TEST_PLUGIN_DIR;
  if (!pluginDir && !testPluginDir) return original;
  let text = readFileSync(original, "utf8");
  if (pluginDir) text = text.replaceAll("../../build/plugins", JSON.stringify(resolve(pluginDir)));
  if (testPluginDir) {
    const fixture = JSON.stringify(join(resolve(testPluginDir), "conformance.so"));
    text = text.replaceAll("../../build/test-plugins/conformance.so", fixture);
  }
  const generated = join(out, "plugboard.yaml");
  writeFileSync(generated, text);
  return generated;
}

// Runs the suite, its output into suite.log; resolves to its exit status.
function runSuite({ node, suite }, url, resultsDir, logPath) {
  return new Promise((resolveRun) => {
    const log = createWriteStream(logPath);
    const child = spawn(node, [suite, "server", "--url", url, "--suite", "all", "-o", resultsDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    }, suiteTimeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      log.end(() => resolveRun({ code, signal, timedOut }));
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      log.end(() => resolveRun({ code: null, signal: null, timedOut, error }));
    });
  });
}

// checks.json of each scenario, keyed by scenario name. The suite writes
// them to server-<scenario>-<ISO timestamp>/.
function readResults(resultsDir) {
  const results = new Map();
  if (!existsSync(resultsDir)) return results;
  for (const entry of readdirSync(resultsDir)) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(entry);
    const file = join(resultsDir, entry, "checks.json");
    if (!match || !existsSync(file)) continue;
    try {
      results.set(match[1], JSON.parse(readFileSync(file, "utf8")));
    } catch (error) {
      results.set(match[1], error);
    }
  }
  return results;
}

// The problems of one scenario's checks, as lines; none means it passed.
function judge(scenario, checks) {
  if (checks === undefined) return ["did not run (no checks.json)"];
  if (checks instanceof Error) return [`unreadable checks.json: ${checks.message}`];
  if (!Array.isArray(checks) || !checks.length) return ["reported no checks"];
  const problems = [];
  for (const check of checks) {
    const key = `${scenario}/${check.id}`;
    const detail = check.errorMessage ?? check.details?.message ?? check.description ?? "";
    if (mustSucceed.has(key) && check.status !== "SUCCESS") {
      problems.push(`${check.id} ${check.status} (must be SUCCESS: ${mustSucceed.get(key)}): ${detail}`);
    } else if (!["SUCCESS", "INFO"].includes(check.status) && !unscorable.has(key)) {
      problems.push(`${check.id} ${check.status}: ${detail}`);
    }
  }
  return problems;
}

async function main() {
  const tools = suiteTools();
  const scenarios = serverScenarios(tools);
  const out = outputFolder();
  writeFileSync(join(out, marker), "results of tests/conformance/run.mjs\n");
  const bin = process.env.PLUGBOARD_BIN ?? join(repo, "build/plugboard");
  if (!existsSync(bin)) fail(`${bin} does not exist; build it or set PLUGBOARD_BIN`);
  const config = configFor(out);

  const daemon = await startDaemon({ bin, config }).catch((error) => fail(error.message));
  // dns-rebinding-protection sends Host: <host:port of this URL>, which must be an allowed host.
  const url = `http://127.0.0.1:${daemon.port}/mcp`;
  console.log(`conformance ${tools.suiteVersion}: ${scenarios.length} server scenarios against ${url}`);
  const resultsDir = join(out, "results");
  const suiteLog = join(out, "suite.log");
  let run;
  let exit;
  try {
    run = await runSuite(tools, url, resultsDir, suiteLog);
  } finally {
    exit = await daemon.stop();
    writeFileSync(join(out, "daemon.log"), daemon.stderr());
  }

  const results = readResults(resultsDir);
  const failures = [];
  let checkCount = 0;
  for (const scenario of scenarios) {
    const checks = results.get(scenario);
    if (Array.isArray(checks)) checkCount += checks.length;
    const problems = judge(scenario, checks);
    console.log(`${problems.length ? "✗" : "✓"} ${scenario}${Array.isArray(checks) ? ` (${checks.length} checks)` : ""}`);
    for (const problem of problems) console.log(`    ${problem}`);
    if (problems.length) failures.push(scenario);
  }
  for (const scenario of results.keys()) {
    if (!scenarios.includes(scenario)) console.log(`? ${scenario}: not in the suite's list, ignored`);
  }

  const trouble = [];
  if (run.error) trouble.push(`the suite could not start: ${run.error.message}`);
  if (run.timedOut) trouble.push(`the suite did not finish within ${suiteTimeoutMs / 1000} s`);
  else if (run.code !== 0) trouble.push(`the suite exited with code ${run.code}${run.signal ? ` (signal ${run.signal})` : ""}`);
  if (exit.timedOut) trouble.push("the daemon did not exit within 8 s of SIGTERM (killed)");
  else if (exit.code !== 0) trouble.push(`the daemon exited with code ${exit.code} (signal ${exit.signal}) on SIGTERM`);

  const passed = scenarios.length - failures.length;
  console.log(`\n${passed} of ${scenarios.length} scenarios passed, ${checkCount} checks; results in ${out}`);
  for (const line of trouble) console.log(`problem: ${line}`);
  if (failures.length || trouble.length) {
    if (failures.length) console.log(`failed: ${failures.join(", ")}`);
    console.log(`suite output: ${suiteLog}\ndaemon log: ${join(out, "daemon.log")}`);
    process.exit(1);
  }
}

await main();
