// The admin's HTTP server, started by `npm start`: Next.js behind a plain Node server that answers two hot paths
// itself, because Next.js's per-request routing and streams cost more than their own work: an editor's post
// (POST /api/liveblogs/:slug/entries, acknowledged in a few ms) and published files under /cdn (read by every reader
// when no CDN is in front). Everything else goes to Next.js; both Next.js routes remain, with the same code.
// Readers' questions (POST /api/public/liveblogs/:slug/questions) are answered here only: no session, no Postgres.
import http from "node:http";
import next from "next";
import { stampPeerAddress } from "../lib/auth/client-ip";
import { readEnv } from "../lib/env";
import { describeError, logger } from "../lib/logger";
import { tryServeEntryPost } from "../lib/http/entry-post-fast-path";
import { tryServeQuestion } from "../lib/http/question-fast-path";
import { tryRefuseOversizedBody } from "../lib/http/refuse-oversized-body";
import { tryServePublishedFile } from "../lib/http/published-file-fast-path";
import { tryRefuseMalformedPath } from "../lib/http/refuse-malformed-path";
import { projectRoot } from "../lib/process/project-paths";

async function main() {
  const env = readEnv();
  const dev = process.argv.includes("--dev");
  const app = next({ dev, dir: projectRoot, hostname: "localhost", port: env.PORT });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((request, response) => {
    // Next.js cannot see the socket: lib/auth/client-ip.ts reads its address from this header (any client copy replaced).
    stampPeerAddress(request.headers, request.socket.remoteAddress);
    if (tryServeQuestion(request, response, env.AUTH_SECRET) || tryRefuseOversizedBody(request, response) || tryServeEntryPost(request, response, env.AUTH_SECRET) || tryServePublishedFile(request, response) || tryRefuseMalformedPath(request, response)) return;
    void handleWithNext(request, response);
  });
  if (dev) server.on("upgrade", (request, socket, head) => void app.getUpgradeHandler()(request, socket, head));
  server.listen(env.PORT, () => console.log(`[ballast] admin server listening on port ${env.PORT}${dev ? " (development)" : ""}`));

  const stop = () => {
    server.close();
    server.closeIdleConnections();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main().catch((error: unknown) => {
  logger.debug({ err: error }, "admin server failure details");
  console.error(`[ballast] The admin server could not start: ${describeError(error)}`);
  process.exit(1);
});
