import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import type { Publisher, TPublishObject } from "../../publishers/types";
import { createDb } from "../db";
import { AppError } from "../errors";
import { IMMUTABLE_CACHE } from "../publishing/object-policy";
import { createTestUser, testDb } from "../../test/support/test-db";
import { MAX_MEDIA_BYTES, storeMedia } from "./store-media";

// Real 1x1 images.
const IMAGES = {
  png: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
  jpg: Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=", "base64"),
  gif: Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64"),
  webp: Buffer.from("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA", "base64"),
} as const;
const CONTENT_TYPES = { png: "image/png", jpg: "image/jpeg", gif: "image/gif", webp: "image/webp" } as const;

const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-media-test-"));
afterAll(() => fs.rmSync(publicDir, { recursive: true, force: true }));

/** The real file publisher, plus a record of what was put (it does not store headers itself). */
function recordingPublisher() {
  const files = new FilePublisher(publicDir);
  const puts: TPublishObject[] = [];
  const publisher: Publisher = { description: files.description, put: async (object) => (puts.push(object), files.put(object)), get: (key) => files.get(key), delete: (key) => files.delete(key) };
  return { publisher, puts };
}

const publicBaseUrl = "https://cdn.example.com/ballast/";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("storeMedia (real Postgres, file publisher)", () => {
  it.each(Object.keys(IMAGES) as (keyof typeof IMAGES)[])("stores a %s under its hash, typed by its bytes and cached forever", async (ext) => {
    const user = await createTestUser({ role: "contributor" });
    const { publisher, puts } = recordingPublisher();
    const stored = await storeMedia({ actorId: user.id, bytes: IMAGES[ext], publicBaseUrl }, testDb(), publisher);

    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).toEqual({ key: `media/${stored.sha256}.${ext}`, url: `https://cdn.example.com/ballast/media/${stored.sha256}.${ext}`, contentType: CONTENT_TYPES[ext], bytes: IMAGES[ext].length, sha256: stored.sha256 });
    expect(puts).toEqual([{ key: stored.key, body: IMAGES[ext], contentType: CONTENT_TYPES[ext], cacheControl: IMMUTABLE_CACHE }]);
    expect(fs.readFileSync(path.join(publicDir, stored.key))).toEqual(IMAGES[ext]);

    const audit = await testDb().auditLog.findFirstOrThrow({ where: { action: "media.upload", subjectId: stored.sha256, actorId: user.id } });
    expect(audit).toMatchObject({ subjectType: "media", details: { bytes: IMAGES[ext].length, contentType: CONTENT_TYPES[ext] } });
  });

  it("gives the same bytes the same key", async () => {
    const { publisher, puts } = recordingPublisher();
    const first = await storeMedia({ actorId: null, bytes: IMAGES.gif, publicBaseUrl }, testDb(), publisher);
    const second = await storeMedia({ actorId: null, bytes: Buffer.from(IMAGES.gif), publicBaseUrl }, testDb(), publisher);
    expect(second.key).toBe(first.key);
    expect(puts.map((put) => put.key)).toEqual([first.key, first.key]);
    const other = await storeMedia({ actorId: null, bytes: IMAGES.png, publicBaseUrl }, testDb(), publisher);
    expect(other.key).not.toBe(first.key);
  });

  it.each([
    ["SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>')],
    ["SVG with an XML declaration", Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["HTML", Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>")],
    ["HTML after a PNG-looking name (wrong magic)", Buffer.concat([Buffer.from("PNG\r\n\x1a\n"), Buffer.from("<html><script>alert(1)</script></html>")])],
    ["a PNG signature without its IHDR chunk", Buffer.concat([IMAGES.png.subarray(0, 8), Buffer.from("<script>alert(1)</script>")])],
    ["a RIFF file that is not WebP", Buffer.concat([Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt "), Buffer.alloc(32)])],
    ["plain text", Buffer.from("GIF8 is not a GIF")],
  ])("rejects %s, naming the file field, and stores nothing", async (_name, bytes) => {
    const { publisher, puts } = recordingPublisher();
    const error = await rejection(storeMedia({ actorId: null, bytes, publicBaseUrl }, testDb(), publisher));
    expect(error.code).toBe("invalid_input");
    expect(error.fieldErrors.file).toBe("Only PNG, JPEG, GIF and WebP images can be uploaded.");
    expect(puts).toEqual([]);
  });

  it("rejects an empty file", async () => {
    const { publisher, puts } = recordingPublisher();
    const error = await rejection(storeMedia({ actorId: null, bytes: Buffer.alloc(0), publicBaseUrl }, testDb(), publisher));
    expect(error.fieldErrors.file).toMatch(/empty/);
    expect(puts).toEqual([]);
  });

  it("rejects an image over the cap (5 MB by default)", async () => {
    const { publisher, puts } = recordingPublisher();
    const oversize = Buffer.concat([IMAGES.png, Buffer.alloc(MAX_MEDIA_BYTES)]);
    const error = await rejection(storeMedia({ actorId: null, bytes: oversize, publicBaseUrl }, testDb(), publisher));
    expect(error.code).toBe("invalid_input");
    expect(error.fieldErrors.file).toMatch(/limit is 5 MB/);

    const small = await rejection(storeMedia({ actorId: null, bytes: IMAGES.png, publicBaseUrl, maxBytes: IMAGES.png.length - 1 }, testDb(), publisher));
    expect(small.fieldErrors.file).toMatch(/limit/);
    expect(puts).toEqual([]);
    expect(MAX_MEDIA_BYTES).toBe(5 * 1024 * 1024);
  });

  it("still stores the image when the database is down (the audit row is skipped)", async () => {
    const unreachable = createDb("postgresql://ballast@127.0.0.1:1/unreachable");
    const { publisher, puts } = recordingPublisher();
    const stored = await storeMedia({ actorId: null, bytes: IMAGES.webp, publicBaseUrl }, unreachable, publisher);
    expect(stored.contentType).toBe("image/webp");
    expect(puts.map((put) => put.key)).toEqual([stored.key]);
    await unreachable.$disconnect();
  });
});
