// The MCP server every transport below serves: one `echo` tool, as
// Plugboard's bundled echo plugin offers it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function echoServer() {
  const server = new McpServer({ name: "ts-sdk-echo", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes the message back", inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: "text", text: message }] }),
  );
  return server;
}
