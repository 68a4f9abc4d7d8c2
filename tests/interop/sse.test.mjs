// Interop: the official MCP TypeScript SDK client drives `plugboard serve`
// over the legacy HTTP+SSE transport of 2024-11-05 (GET /sse, POST /messages).
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { defineHttpClientTests } from "./http_client_tests.mjs";

defineHttpClientTests((origin) => new SSEClientTransport(new URL(`${origin}/sse`)));
