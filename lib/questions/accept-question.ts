// The public question endpoint without the framework (the admin server answers it before Next.js, see
// lib/http/question-fast-path.ts): CORS for the blog's own origins, rate limits per address and per blog, a body
// capped before it is read, strict validation, the honeypot, the proof of work, then the write queue. It answers 202
// once the question is durable on the queue and never touches Postgres: the blog's settings come from its published
// head.
import { createHash } from "node:crypto";
import type { Queue } from "../queue/types";
import { sendCommand } from "../commands/send-command";
import { AppError, fieldErrorsFromZod } from "../errors";
import { logger } from "../logger";
import { isValidSlug } from "../liveblogs/schemas";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { MAX_QUESTION_BODY_BYTES, PUBLIC_READER_ACTOR_ID } from "./constants";
import { checkProofOfWork, issueChallenge } from "./proof-of-work";
import type { TPublicQuestionSettings } from "./published-question-settings";
import { ZQuestionSubmissionSchema } from "./schemas";
import type { SlidingWindowLimiter } from "./sliding-window-limiter";

export type TQuestionRequest = {
  method: string;
  slug: string;
  /** "submit" (…/questions) or "challenge" (…/questions/challenge). */
  resource: "submit" | "challenge";
  origin: string | null;
  contentType: string | null;
  /** The declared Content-Length, null when none was sent. */
  contentLength: string | null;
  clientIp: string;
  /** Reads the body, refusing it past MAX_QUESTION_BODY_BYTES. */
  readBody: () => Promise<string>;
};

export type TQuestionResponse = { status: number; body: Record<string, unknown> | null; headers: Record<string, string> };

export type TQuestionEndpoint = {
  queue: Queue;
  settingsFor: (slug: string) => Promise<TPublicQuestionSettings | null>;
  /** The CDN's origin: the blog's own static page always may ask. */
  publicOrigin: string;
  perAddress: SlidingWindowLimiter;
  perBlog: SlidingWindowLimiter;
  powBits: number;
  secret: string;
  now?: () => Date;
  /** Counts what was refused or dropped, for logs and tests. */
  counters?: TQuestionCounters;
};

export type TQuestionCounters = { accepted: number; honeypot: number; rateLimited: number; refusedOrigin: number; invalid: number };

export function newQuestionCounters(): TQuestionCounters {
  return { accepted: 0, honeypot: 0, rateLimited: 0, refusedOrigin: 0, invalid: 0 };
}

const NOT_TAKING = "This live blog does not take questions at the moment.";
const WRONG_ORIGIN = "Questions to this live blog are accepted only from its own pages.";

/** The command id of a question: derived from the blog and the reader's question id, so a retried post is the same
 * command (deduplicated by the queue and by the commands table) and a reader cannot collide with anyone's command. */
export function questionCommandId(liveBlogId: string, questionId: string): string {
  const hex = createHash("sha256").update(`question.submit:${liveBlogId}:${questionId}`).digest("hex");
  // Shaped as a version-8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function corsHeaders(origin: string): Record<string, string> {
  return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Retry-After", Vary: "Origin" };
}

/** The rate limit's key for a client: an IPv4 address as is (also when IPv4-mapped), an IPv6 address by its /64. */
export function rateLimitKeyOfAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts.slice(0, 4).map((part) => part.toString(16)).join(":")}::/64`;
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}, fieldErrors: Record<string, string> = {}): TQuestionResponse {
  return { status, body: { error: message, code, fieldErrors }, headers };
}

function isAllowedOrigin(origin: string | null, settings: TPublicQuestionSettings, endpoint: TQuestionEndpoint): origin is string {
  return origin !== null && (origin === endpoint.publicOrigin || settings.origins.includes(origin));
}

export async function acceptQuestionRequest(request: TQuestionRequest, endpoint: TQuestionEndpoint): Promise<TQuestionResponse> {
  const counters = endpoint.counters;
  if (!isValidSlug(request.slug)) return error(404, "not_found", NOT_TAKING, { Vary: "Origin" });
  let settings: TPublicQuestionSettings | null;
  try {
    settings = await endpoint.settingsFor(request.slug);
  } catch (failure) {
    logger.warn({ err: failure, slug: request.slug }, "question endpoint could not read the published settings");
    return error(503, "unavailable", "Questions cannot be taken right now. Please try again in a minute.", { "Retry-After": "30", Vary: "Origin" });
  }
  if (!settings || !settings.accepting) return error(404, "not_found", NOT_TAKING, { Vary: "Origin" });
  // Other origins get no CORS header at all: a browser on another site cannot read the answer or send the POST.
  if (!isAllowedOrigin(request.origin, settings, endpoint)) {
    // A same-origin GET (the static page under /cdn of this server) carries no Origin; a challenge is not secret.
    if (!(request.method === "GET" && request.origin === null)) {
      if (counters) counters.refusedOrigin++;
      return error(403, "forbidden", WRONG_ORIGIN, { Vary: "Origin" });
    }
  }
  const cors = request.origin ? corsHeaders(request.origin) : { Vary: "Origin" };
  const rateLimited = (by: "address" | "blog", seconds: number): TQuestionResponse => {
    if (counters) counters.rateLimited++;
    const wait = `${seconds} second${seconds === 1 ? "" : "s"}`;
    const message = by === "address" ? `You have sent a lot of questions in the last minute. Please wait ${wait} before sending another.` : `This live blog is receiving a lot of questions right now. Please try again in ${wait}.`;
    return error(429, "rate_limited", message, { ...cors, "Retry-After": String(seconds) });
  };

  if (request.method === "OPTIONS") {
    return { status: 204, body: null, headers: { ...cors, "Access-Control-Allow-Methods": request.resource === "submit" ? "POST" : "GET", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600" } };
  }
  if (request.resource === "challenge") {
    if (request.method !== "GET") return error(405, "invalid_input", "Use GET for a challenge.", { ...cors, Allow: "GET, OPTIONS" });
    const challenge = endpoint.powBits > 0 ? issueChallenge({ secret: endpoint.secret, liveBlogId: settings.liveBlogId, bits: endpoint.powBits, nowMs: endpoint.now?.().getTime() }) : { challenge: null, bits: 0, expiresAt: null };
    return { status: 200, body: challenge, headers: cors };
  }
  if (request.method !== "POST") return error(405, "invalid_input", "Send a question with POST.", { ...cors, Allow: "POST, OPTIONS" });

  // The address limit comes before the body is read: a flood costs a map lookup per request. An IPv6 client is
  // counted by its /64 (one host usually holds a whole /64).
  const byAddress = endpoint.perAddress.hit(`${settings.liveBlogId}|${rateLimitKeyOfAddress(request.clientIp)}`);
  if (!byAddress.allowed) return rateLimited("address", byAddress.retryAfterSeconds);
  if (!request.contentType?.toLowerCase().startsWith("application/json")) return error(415, "invalid_input", "Send the question as JSON: Content-Type: application/json.", cors);
  if (request.contentLength !== null && (!/^\d+$/.test(request.contentLength) || Number(request.contentLength) > MAX_QUESTION_BODY_BYTES)) {
    return error(413, "invalid_input", `The question is too large (at most ${MAX_QUESTION_BODY_BYTES / 1024} KB).`, cors);
  }

  let submission;
  try {
    const text = await request.readBody();
    submission = ZQuestionSubmissionSchema.parse(JSON.parse(text));
  } catch (failure) {
    if (counters) counters.invalid++;
    if (failure instanceof z.ZodError) {
      const fieldErrors = fieldErrorsFromZod(failure);
      return error(400, "invalid_input", Object.values(fieldErrors)[0] ?? "The question is not valid.", cors, fieldErrors);
    }
    if (failure instanceof AppError) return error(413, "invalid_input", failure.message, cors);
    return error(400, "invalid_input", "The request body is not valid JSON.", cors);
  }

  const received = { status: "received", id: submission.id };
  // The honeypot: a field hidden from people and screen readers. Bots get the same answer as everyone, and nothing is kept.
  if (submission.website) {
    if (counters) counters.honeypot++;
    logger.info({ slug: request.slug, ip: request.clientIp }, "question dropped: honeypot filled");
    return { status: 202, body: received, headers: cors };
  }
  const problem = checkProofOfWork({ secret: endpoint.secret, liveBlogId: settings.liveBlogId, questionId: submission.id, requiredBits: endpoint.powBits, proof: submission.pow, nowMs: endpoint.now?.().getTime() });
  if (problem) {
    if (counters) counters.invalid++;
    const message = problem === "expired" ? "The form was open too long. Please send your question again." : "The anti-spam check failed. Please send your question again.";
    return error(400, "invalid_input", message, cors, { pow: message });
  }

  // The blog's limit counts only questions that passed every check, so junk from one client cannot use it up for all.
  const byBlog = endpoint.perBlog.hit(settings.liveBlogId);
  if (!byBlog.allowed) return rateLimited("blog", byBlog.retryAfterSeconds);

  try {
    await sendCommand(endpoint.queue, {
      actorId: PUBLIC_READER_ACTOR_ID,
      id: questionCommandId(settings.liveBlogId, submission.id),
      command: { type: "question.submit", input: { liveBlogId: settings.liveBlogId, questionId: submission.id, name: submission.name, text: submission.text, email: submission.email, receivedAt: (endpoint.now?.() ?? new Date()).toISOString() } },
    });
  } catch (failure) {
    logger.error({ err: failure, slug: request.slug }, "question could not be queued");
    return error(503, "unavailable", "Your question could not be received right now. Please try again in a minute.", { ...cors, "Retry-After": "30" });
  }
  if (counters) counters.accepted++;
  return { status: 202, body: received, headers: cors };
}
