// Test helper: an HTTP reverse proxy that fails a share of requests with S3-style 503s and delays the rest.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";

export type TFaultProxyOptions = {
  /** Base URL to forward to, e.g. `http://127.0.0.1:4568`. */
  target: string;
  /** Probability in [0, 1] that a request is answered with 503 instead of forwarded. */
  failureRate: number;
  maxDelayMs: number;
  /** Source of randomness in [0, 1); pass a seeded one for reproducible tests. */
  random?: () => number;
};

export type TFaultProxy = {
  endpoint: string;
  stats: { forwarded: number; failed: number };
  stop(): Promise<void>;
};

const INJECTED_ERROR_BODY = "<Error><Code>ServiceUnavailable</Code><Message>injected</Message></Error>";

export async function startFaultProxy(options: TFaultProxyOptions): Promise<TFaultProxy> {
  const target = new URL(options.target);
  const random = options.random ?? Math.random;
  const stats = { forwarded: 0, failed: 0 };

  const server = http.createServer((request, response) => {
    // A client that disconnects mid-request surfaces as errors here; they must not crash the test run.
    request.on("error", () => undefined);
    response.on("error", () => undefined);

    if (random() < options.failureRate) {
      stats.failed += 1;
      request.resume();
      request.on("end", () => {
        response.writeHead(503, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(INJECTED_ERROR_BODY) });
        response.end(INJECTED_ERROR_BODY);
      });
      return;
    }

    const delayMs = Math.floor(random() * (options.maxDelayMs + 1));
    const timer = setTimeout(() => forward(request, response), delayMs);
    response.on("close", () => clearTimeout(timer));
  });

  function forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (response.destroyed) return;
    stats.forwarded += 1;
    const upstream = http.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        // The Host header is forwarded unchanged: it is part of the SigV4 signature.
        headers: request.headers,
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage, upstreamResponse.headers);
        pipeline(upstreamResponse, response, () => undefined);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) {
        response.writeHead(502, { "Content-Type": "text/plain" });
        response.end("fault proxy: upstream request failed");
      } else {
        response.destroy();
      }
    });
    // Abandon the upstream request when the client goes away before the response is complete.
    response.on("close", () => {
      if (!response.writableFinished) upstream.destroy();
    });
    // pipe rather than pipeline: an upstream failure must leave the client socket open for the 502.
    request.pipe(upstream);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    async stop() {
      const closing = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections();
      await closing;
    },
  };
}
