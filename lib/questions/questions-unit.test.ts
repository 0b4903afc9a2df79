// Pure parts of reader questions: the sliding-window limit, the proof of work, the published settings cache, the
// quote an answer opens with, and the public submission schema.
import { describe, expect, it } from "vitest";
import { checkProofOfWork, issueChallenge, leadingZeroBits, proofDigest, solveProofOfWork } from "./proof-of-work";
import { createPublishedQuestionSettings, questionSettingsOfHead } from "./published-question-settings";
import { MAX_ENTRY_LENGTH } from "../liveblogs/schemas";
import { cleanEntryBody } from "../liveblogs/clean-entry-body";
import { MAX_ANSWER_LENGTH, MAX_QUESTION_NAME, MAX_QUESTION_TEXT } from "./constants";
import { quoteQuestionHtml } from "./quote-question-html";
import { ZAnswerQuestionSchema, ZQuestionSettingsSchema, ZQuestionSubmissionSchema } from "./schemas";
import { SlidingWindowLimiter } from "./sliding-window-limiter";

const BLOG = "7a1f4a3e-2f7e-4b1e-9a53-0a4c1f1d2e3b";
const QUESTION = "0b0f5c7e-9d2a-4c1b-8e7f-1a2b3c4d5e6f";

describe("SlidingWindowLimiter", () => {
  it("allows 10 hits in a minute, refuses the 11th with the seconds until the oldest leaves the window, and allows again then", () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ limit: 10, windowMs: 60_000, now: () => now });
    for (let hit = 0; hit < 10; hit++) {
      expect(limiter.hit("a").allowed).toBe(true);
      now += 1_000;
    }
    const refused = limiter.hit("a");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.hit("b").allowed).toBe(true);
    now = 1_000_000 + 60_001;
    expect(limiter.hit("a").allowed).toBe(true);
    expect(limiter.hit("a").allowed).toBe(false);
  });

  it("forgets idle keys and keeps at most maxKeys", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000, maxKeys: 3, now: () => now });
    for (const key of ["a", "b", "c", "d", "e"]) limiter.hit(key);
    expect(limiter.size).toBeLessThanOrEqual(3);
    now = 5_000;
    limiter.hit("f");
    expect(limiter.size).toBe(1);
  });
});

describe("proof of work", () => {
  const secret = "s".repeat(40);

  it("a solved challenge passes for its blog and question, and fails for another question, another blog, a forged or an expired challenge", () => {
    const challenge = issueChallenge({ secret, liveBlogId: BLOG, bits: 10, nowMs: 0 });
    const proof = solveProofOfWork(challenge, QUESTION);
    expect(leadingZeroBits(proofDigest(proof.challenge, QUESTION, proof.nonce))).toBeGreaterThanOrEqual(10);
    const check = (overrides: Partial<Parameters<typeof checkProofOfWork>[0]>) => checkProofOfWork({ secret, liveBlogId: BLOG, questionId: QUESTION, requiredBits: 10, proof, nowMs: 1_000, ...overrides });
    expect(check({})).toBeNull();
    expect(check({ questionId: "1b0f5c7e-9d2a-4c1b-8e7f-1a2b3c4d5e6f" })).toBe("wrong-answer");
    expect(check({ liveBlogId: "8a1f4a3e-2f7e-4b1e-9a53-0a4c1f1d2e3b" })).toBe("other-blog");
    expect(check({ secret: "t".repeat(40) })).toBe("forged");
    expect(check({ proof: { challenge: proof.challenge.replace(".10.", ".0."), nonce: proof.nonce } })).toBe("forged");
    expect(check({ nowMs: 31 * 60 * 1000 })).toBe("expired");
    expect(check({ requiredBits: 12 })).toBe("too-easy");
    expect(check({ proof: undefined })).toBe("missing");
    expect(check({ requiredBits: 0, proof: undefined })).toBeNull();
  });

  it("counts leading zero bits", () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x10]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
  });
});

describe("published question settings", () => {
  const head = (questions?: object) => JSON.stringify({ schema: 2, liveblog: { id: BLOG, slug: "night" }, ...(questions ? { questions } : {}) });

  it("reads accepting and origins from a head, and nothing from a head without questions or a broken file", () => {
    expect(questionSettingsOfHead(head({ accepting: true, submitUrl: "x", origins: ["https://news.example"], items: [] }))).toEqual({ liveBlogId: BLOG, slug: "night", accepting: true, origins: ["https://news.example"] });
    expect(questionSettingsOfHead(head())).toBeNull();
    expect(questionSettingsOfHead("{not json")).toBeNull();
  });

  it("reads the head once per few seconds, shares concurrent reads, and does not remember a failed read", async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const settingsFor = createPublishedQuestionSettings({
      readHead: async () => {
        reads++;
        if (fail) throw new Error("bucket unreachable");
        return head({ accepting: true, submitUrl: null, origins: [], items: [] });
      },
      ttlMs: 5_000,
      now: () => now,
    });
    await Promise.all([settingsFor("night"), settingsFor("night")]);
    expect(reads).toBe(1);
    now = 4_000;
    await settingsFor("night");
    expect(reads).toBe(1);
    now = 6_000;
    fail = true;
    await expect(settingsFor("night")).rejects.toThrow("bucket unreachable");
    fail = false;
    expect((await settingsFor("night"))?.accepting).toBe(true);
    expect(reads).toBe(3);
  });
});

describe("quoteQuestionHtml", () => {
  it("escapes the question and the name, keeping paragraphs and line breaks", () => {
    expect(quoteQuestionHtml({ name: "<b>Ada</b>", text: "Is it <script>alert(1)</script> & why?\nReally?\n\nThanks" })).toBe(
      "<blockquote><p>Is it &lt;script&gt;alert(1)&lt;/script&gt; &amp; why?<br>Really?</p><p>Thanks</p><p>— &lt;b&gt;Ada&lt;/b&gt;</p></blockquote>",
    );
  });
});

describe("answer length", () => {
  it("the longest answer after the longest quote of a question still fits in an entry, after sanitising", () => {
    const worstTexts = ['"'.repeat(MAX_QUESTION_TEXT), '"\n\n'.repeat(Math.floor(MAX_QUESTION_TEXT / 3)), "a\n\n".repeat(Math.floor(MAX_QUESTION_TEXT / 3)), "<\n".repeat(MAX_QUESTION_TEXT / 2)];
    const answer = `<p>${"x".repeat(MAX_ANSWER_LENGTH - 7)}</p>`;
    for (const text of worstTexts) {
      const body = `${quoteQuestionHtml({ name: "&".repeat(MAX_QUESTION_NAME), text })}${answer}`;
      expect(body.length).toBeLessThanOrEqual(MAX_ENTRY_LENGTH);
      expect(cleanEntryBody(body).length).toBeLessThanOrEqual(MAX_ENTRY_LENGTH);
    }
  });

  it("an answer over its limit is refused at the door, naming the body", () => {
    const input = { liveBlogId: "5f8d0d55-2a43-4e55-9a4c-4a4b1c3c2d11", questionId: "6a8d0d55-2a43-4e55-9a4c-4a4b1c3c2d12" };
    expect(ZAnswerQuestionSchema.safeParse({ ...input, body: `<p>${"x".repeat(MAX_ANSWER_LENGTH - 7)}</p>` }).success).toBe(true);
    const refused = ZAnswerQuestionSchema.safeParse({ ...input, body: `<p>${"x".repeat(MAX_ANSWER_LENGTH)}</p>` });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues).toEqual([expect.objectContaining({ path: ["body"], message: "An answer must be at most 40,000 characters of HTML (the quoted question takes the rest of an entry)." })]);
  });
});

describe("ZQuestionSubmissionSchema", () => {
  const valid = { id: QUESTION, name: " Ada ", text: "When do polls close?", email: "" };

  it("accepts a question, trims it, and turns an empty email into none", () => {
    expect(ZQuestionSubmissionSchema.parse(valid)).toEqual({ id: QUESTION, name: "Ada", text: "When do polls close?", email: null });
  });

  it.each([
    [{ name: "" }, "name", "Your name is required."],
    [{ text: "x".repeat(1001) }, "text", "Your question must be at most 1000 characters."],
    [{ name: "Ada\nLovelace" }, "name", "Your name must be on one line."],
    [{ text: "bad \u0000 byte" }, "text", "Your question contains a NUL character, which cannot be stored. Remove it and try again."],
    [{ text: "hidden \u202e text" }, "text", "Your question contains control characters. Remove them and try again."],
    [{ email: "not-an-email" }, "email", "Email must be an email address, e.g. ada@example.com."],
    [{ id: "1" }, "id", "The question id must be a UUID."],
    [{ admin: true }, "form", "Unknown field(s): admin."],
  ])("refuses %o naming the field", (change, field, message) => {
    const parsed = ZQuestionSubmissionSchema.safeParse({ ...valid, ...change });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(String(issue.path[0] ?? "form")).toBe(field);
    expect(issue.message).toBe(message);
  });
});

describe("ZQuestionSettingsSchema", () => {
  it("keeps origins as scheme and host, and refuses paths and other schemes", () => {
    expect(ZQuestionSettingsSchema.parse({ liveBlogId: BLOG, enabled: true, origins: ["https://news.example/", "https://news.example", "http://localhost:8080"] }).origins).toEqual(["https://news.example", "http://localhost:8080"]);
    expect(ZQuestionSettingsSchema.safeParse({ liveBlogId: BLOG, enabled: true, origins: ["https://news.example/story"] }).success).toBe(false);
    expect(ZQuestionSettingsSchema.safeParse({ liveBlogId: BLOG, enabled: true, origins: ["javascript:alert(1)"] }).success).toBe(false);
  });
});
