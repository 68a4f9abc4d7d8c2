// The echo server over Streamable HTTP with sessions, as the SDK's examples
// build it on node:http: node http_stateful.mjs PORT (127.0.0.1, any path).
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { echoServer } from "./echo_server.mjs";

const transports = new Map();

function refuse(res, status, code, message) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } }));
}

createServer(async (req, res) => {
  const sessionId = req.headers["mcp-session-id"];
  let transport = sessionId === undefined ? undefined : transports.get(sessionId);
  if (transport === undefined) {
    if (sessionId !== undefined) return refuse(res, 404, -32001, "Session not found");
    if (req.method !== "POST") return refuse(res, 400, -32000, "Bad Request: no session");
    // A POST without a session must be an initialize; the transport refuses anything else.
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => transports.set(id, transport),
    });
    transport.onclose = () => transports.delete(transport.sessionId);
    await echoServer().connect(transport);
  }
  await transport.handleRequest(req, res);
}).listen(Number(process.argv[2]), "127.0.0.1");
