// Starts `plugboard serve` on a free loopback port for a test and stops it.
// Node built-ins only, so the conformance runner can share it.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const listeningLine = /listening on (https?):\/\/(\S+):(\d+)/;

// A config loading the bundled plugins and the conformance fixture (no name
// prefix), with `conformanceConfig` as the fixture's settings and `http` as
// the http section, both given as YAML lines. Returns the file's path.
export function writeConfig({ pluginDir, testPluginDir, conformanceConfig = [], http = [], logLevel = "info" }) {
  const dir = mkdtempSync(join(tmpdir(), "plugboard-test-"));
  const path = join(dir, "plugboard.yaml");
  const indent = (lines, spaces) => lines.map((line) => " ".repeat(spaces) + line);
  const lines = [
    "plugin_dirs:",
    `  - ${JSON.stringify(pluginDir)}`,
    "plugins:",
    "  conformance:",
    `    path: ${JSON.stringify(join(testPluginDir, "conformance.so"))}`,
  ];
  if (conformanceConfig.length) lines.push("    config:", ...indent(conformanceConfig, 6));
  if (http.length) lines.push("http:", ...indent(http, 2));
  lines.push("logging:", `  level: ${logLevel}`, "");
  writeFileSync(path, lines.join("\n"));
  return path;
}

// Runs `bin serve --config config --listen 127.0.0.1:0` and resolves once the
// daemon logged its address. The result has `origin` (http://127.0.0.1:PORT),
// `port`, `stderr()` (everything logged so far) and `stop()`.
export function startDaemon({ bin, config, startTimeoutMs = 15000 }) {
  const child = spawn(bin, ["serve", "--config", config, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`plugboard did not report its address within ${startTimeoutMs} ms:\n${stderr}`));
    }, startTimeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`plugboard exited (code ${code}, signal ${signal}) before listening:\n${stderr}`));
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = listeningLine.exec(stderr);
      if (match) {
        clearTimeout(timer);
        const [, scheme, host, port] = match;
        resolve({ origin: `${scheme}://${host}:${port}`, port: Number(port) });
      }
    });
  });

  // SIGTERM, then SIGKILL if it is still running after `graceMs` (the daemon
  // gives in-flight calls 5 s). Resolves to the exit code and signal.
  async function stop(graceMs = 8000) {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    let timer;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), graceMs);
    });
    const result = await Promise.race([exited, deadline]);
    clearTimeout(timer);
    if (result) return result;
    child.kill("SIGKILL");
    const killed = await exited;
    return { ...killed, timedOut: true };
  }

  return ready.then((address) => ({ ...address, stderr: () => stderr, stop }));
}
