// A stateless proof of work against scripted floods: the endpoint hands out an HMAC-signed challenge (blog, expiry,
// difficulty), and the widget finds a nonce such that sha256("<challenge>:<question id>:<nonce>") starts with
// `bits` zero bits. The work is bound to the question id, so one solved challenge buys exactly one question (a retry
// of the same question is the same question). Several instances accept each other's challenges (same secret).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const VERSION = "q1";
/** How long a challenge can be used: long enough to type a question. */
export const CHALLENGE_TTL_MS = 30 * 60 * 1000;

export type TChallenge = { challenge: string; bits: number; expiresAt: string };

function sign(secret: string, payload: string): string {
  return createHmac("sha256", `ballast-question-challenge:${secret}`).update(payload).digest("base64url");
}

export function issueChallenge(options: { secret: string; liveBlogId: string; bits: number; nowMs?: number }): TChallenge {
  const expiresAtMs = (options.nowMs ?? Date.now()) + CHALLENGE_TTL_MS;
  const payload = `${VERSION}.${options.liveBlogId}.${expiresAtMs}.${options.bits}.${randomBytes(9).toString("base64url")}`;
  return { challenge: `${payload}.${sign(options.secret, payload)}`, bits: options.bits, expiresAt: new Date(expiresAtMs).toISOString() };
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function proofDigest(challenge: string, questionId: string, nonce: string): Buffer {
  return createHash("sha256").update(`${challenge}:${questionId}:${nonce}`).digest();
}

export type TProofProblem = "missing" | "forged" | "other-blog" | "expired" | "too-easy" | "wrong-answer";

/** Null when the proof is good; otherwise what is wrong with it. */
export function checkProofOfWork(options: {
  secret: string;
  liveBlogId: string;
  questionId: string;
  requiredBits: number;
  proof: { challenge: string; nonce: string } | undefined;
  nowMs?: number;
}): TProofProblem | null {
  if (options.requiredBits <= 0) return null;
  if (!options.proof) return "missing";
  const parts = options.proof.challenge.split(".");
  if (parts.length !== 6 || parts[0] !== VERSION) return "forged";
  const payload = parts.slice(0, 5).join(".");
  const expected = Buffer.from(sign(options.secret, payload));
  const given = Buffer.from(parts[5]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "forged";
  if (parts[1] !== options.liveBlogId) return "other-blog";
  if (Number(parts[2]) < (options.nowMs ?? Date.now())) return "expired";
  const bits = Number(parts[3]);
  if (!(bits >= options.requiredBits)) return "too-easy";
  return leadingZeroBits(proofDigest(options.proof.challenge, options.questionId, options.proof.nonce)) >= bits ? null : "wrong-answer";
}

/** The solver, for tests, benchmarks and scripts (the widget has its own, on WebCrypto). */
export function solveProofOfWork(challenge: TChallenge, questionId: string): { challenge: string; nonce: string } {
  if (!(challenge.bits >= 0 && challenge.bits <= 32) || typeof challenge.challenge !== "string") throw new Error(`Not a challenge: ${JSON.stringify(challenge)}`);
  for (let counter = 0; ; counter++) {
    const nonce = counter.toString(36);
    if (leadingZeroBits(proofDigest(challenge.challenge, questionId, nonce)) >= challenge.bits) return { challenge: challenge.challenge, nonce };
  }
}
