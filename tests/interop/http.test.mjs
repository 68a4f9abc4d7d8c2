// Interop: the official MCP TypeScript SDK client drives `plugboard serve`
// over Streamable HTTP (/mcp).
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { defineHttpClientTests } from "./http_client_tests.mjs";

defineHttpClientTests((origin) => new StreamableHTTPClientTransport(new URL(`${origin}/mcp`)));
