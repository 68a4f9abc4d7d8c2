// A Streamable HTTP session spoken by hand over fetch, for checks the SDK
// client hides: event framing, the order of a call's events, JSON types.
import assert from "node:assert/strict";

const requestTimeoutMs = 10_000;

// The events of an SSE body, each {id, event, data, retry} as far as given.
// Comments (": keepalive") are skipped; an event with only an id still counts,
// as the priming event is one.
export function parseSse(text) {
  const events = [];
  let current = {};
  let seen = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (seen) events.push(current);
      current = {};
      seen = false;
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    seen = true;
    if (field === "data") current.data = current.data === undefined ? value : `${current.data}\n${value}`;
    else if (field === "id" || field === "event" || field === "retry") current[field] = value;
  }
  return events;
}

export class RawSession {
  constructor(url) {
    this.url = url;
    this.sessionId = undefined;
    this.nextId = 1;
  }

  headers(extra = {}) {
    return {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(this.sessionId ? { "mcp-session-id": this.sessionId } : {}),
      ...extra,
    };
  }

  // POSTs one JSON-RPC message; resolves to {status, contentType, headers,
  // body (text), events (SSE) or json}. The whole body is read, so for a
  // request this waits until its stream ends.
  async post(message, extraHeaders = {}) {
    const response = await fetch(this.url, {
      method: "POST",
      headers: this.headers(extraHeaders),
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const body = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    const answer = { status: response.status, contentType, headers: response.headers, body };
    if (contentType.startsWith("text/event-stream")) answer.events = parseSse(body);
    else if (contentType.startsWith("application/json") && body) answer.json = JSON.parse(body);
    return answer;
  }

  // The JSON-RPC messages of an answer, in order, whichever way it came.
  static messages(answer) {
    if (answer.events) return answer.events.filter((e) => e.data).map((e) => JSON.parse(e.data));
    if (answer.json === undefined) return [];
    return Array.isArray(answer.json) ? answer.json : [answer.json];
  }

  async initialize() {
    const answer = await this.post({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "plugboard-raw-http", version: "1.0.0" },
      },
    });
    assert.equal(answer.status, 200, answer.body);
    this.sessionId = answer.headers.get("mcp-session-id");
    assert.match(this.sessionId ?? "", /^[0-9a-f]{32}$/, "Mcp-Session-Id must be 32 lowercase hex digits");
    const [result] = RawSession.messages(answer);
    assert.equal(result.result.protocolVersion, "2025-11-25");
    const initialized = await this.post({ jsonrpc: "2.0", method: "notifications/initialized" });
    assert.equal(initialized.status, 202);
    assert.equal(initialized.body, "");
    return result.result;
  }

  // A request with a fresh id; resolves to the answer and that id.
  async request(method, params) {
    const id = this.nextId++;
    const answer = await this.post({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) });
    return { id, answer };
  }

  async close() {
    if (!this.sessionId) return 0;
    const response = await fetch(this.url, {
      method: "DELETE",
      headers: this.headers(),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    await response.arrayBuffer();
    return response.status;
  }
}
