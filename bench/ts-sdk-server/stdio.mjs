// The echo server over stdio: node stdio.mjs
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { echoServer } from "./echo_server.mjs";

await echoServer().connect(new StdioServerTransport());
