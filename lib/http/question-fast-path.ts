// The admin server's public question endpoint, answered before Next.js (bin/admin-server.ts):
//   OPTIONS|POST /api/public/liveblogs/:slug/questions            – a reader's question (202 once queued)
//   OPTIONS|GET  /api/public/liveblogs/:slug/questions/challenge  – a proof-of-work challenge
// No session, no Postgres: settings from the published head, limits in memory, the question onto the write queue.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { clientIpFrom } from "../auth/client-ip";
import { AppError } from "../errors";
import { readEnv } from "../env";
import { logger } from "../logger";
import { getPublisher } from "../publishing/get-publisher";
import { liveBlogHeadKey } from "../publishing/publish-liveblog";
import { getQueue } from "../queue/get-queue";
import { acceptQuestionRequest, newQuestionCounters, type TQuestionEndpoint, type TQuestionResponse } from "../questions/accept-question";
import { MAX_QUESTION_BODY_BYTES } from "../questions/constants";
import { createPublishedQuestionSettings } from "../questions/published-question-settings";
import { SlidingWindowLimiter } from "../questions/sliding-window-limiter";
import { ADMIN_SECURITY_HEADERS } from "./admin-security-headers";

const QUESTION_PATH = /^\/api\/public\/liveblogs\/([^/?#]+)\/questions(\/challenge)?(?:\?.*)?$/;
const MINUTE_MS = 60_000;

let endpoint: TQuestionEndpoint | undefined;

/** One endpoint per process: its limiters count across requests. */
export function questionEndpoint(secret: string | undefined): TQuestionEndpoint {
  if (!endpoint) {
    const env = readEnv();
    endpoint = {
      queue: getQueue(),
      settingsFor: createPublishedQuestionSettings({
        readHead: async (slug) => (await getPublisher().get(liveBlogHeadKey(slug)))?.body.toString("utf8") ?? null,
      }),
      publicOrigin: new URL(env.publicBaseUrl).origin,
      perAddress: new SlidingWindowLimiter({ limit: env.QUESTIONS_PER_ADDRESS_PER_MINUTE, windowMs: MINUTE_MS }),
      perBlog: new SlidingWindowLimiter({ limit: env.QUESTIONS_PER_BLOG_PER_MINUTE, windowMs: MINUTE_MS }),
      powBits: env.QUESTIONS_POW_BITS,
      // Without a configured secret, challenges are good for this process only (one instance).
      secret: secret ?? randomBytes(32).toString("hex"),
      counters: newQuestionCounters(),
    };
  }
  return endpoint;
}

/** A body that has not fully arrived by then is refused (a slow sender must not hold a connection for minutes). */
const BODY_DEADLINE_MS = 10_000;
/** After an early answer, a sender that keeps sending for longer than this loses the connection. */
const LINGER_MS = 1_000;

function readCappedBody(request: http.IncomingMessage, onComplete: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: AppError) => {
      clearTimeout(deadline);
      request.off("data", collect);
      reject(error);
    };
    const deadline = setTimeout(() => stop(new AppError("invalid_input", "The question took too long to arrive. Please send it again.")), BODY_DEADLINE_MS);
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_QUESTION_BODY_BYTES) return void chunks.push(chunk);
      stop(new AppError("invalid_input", `The question is too large (at most ${MAX_QUESTION_BODY_BYTES / 1024} KB).`));
    };
    request.on("data", collect);
    request.on("end", () => (clearTimeout(deadline), onComplete(), resolve(Buffer.concat(chunks).toString("utf8"))));
    request.on("error", (error) => (clearTimeout(deadline), reject(error)));
  });
}

/** Answered before the body was read in full: what is already on its way is discarded, and the connection closes. */
function discardRestOfBody(request: http.IncomingMessage, response: http.ServerResponse): void {
  response.setHeader("Connection", "close");
  request.resume();
  const linger = setTimeout(() => request.socket.destroy(), LINGER_MS);
  request.once("close", () => clearTimeout(linger));
}

function send(response: http.ServerResponse, result: TQuestionResponse) {
  const body = result.body === null ? "" : JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...Object.fromEntries(ADMIN_SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    ...result.headers,
    ...(result.body === null ? {} : { "Content-Type": "application/json" }),
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(body);
}

const header = (request: http.IncomingMessage, name: string): string | null => {
  const value = request.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
};

/** Answers the public question endpoint; false for any other path. */
export function tryServeQuestion(request: http.IncomingMessage, response: http.ServerResponse, secret: string | undefined): boolean {
  const match = QUESTION_PATH.exec(request.url ?? "");
  if (!match) return false;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    slug = "";
  }
  let bodyComplete = false;
  acceptQuestionRequest(
    {
      method: request.method ?? "GET",
      slug,
      resource: match[2] ? "challenge" : "submit",
      origin: header(request, "origin"),
      contentType: header(request, "content-type"),
      contentLength: header(request, "content-length"),
      clientIp: clientIpFrom({ get: (name) => header(request, name.toLowerCase()) }),
      readBody: () => readCappedBody(request, () => (bodyComplete = true)),
    },
    questionEndpoint(secret),
  ).then(
    (result) => {
      if (!bodyComplete) {
        if (request.method === "GET" || request.method === "OPTIONS") request.resume();
        else discardRestOfBody(request, response);
      }
      send(response, result);
    },
    (error: unknown) => {
      logger.error({ err: error }, "question endpoint failed");
      if (!bodyComplete && !response.headersSent) discardRestOfBody(request, response);
      if (!response.headersSent) send(response, { status: 500, body: { error: "Something went wrong on our side. Please try again.", code: "internal" }, headers: {} });
    },
  );
  return true;
}
