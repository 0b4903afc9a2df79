import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { authenticateApiRequest } from "../api/authenticate-api-request";
import { apiErrorResponse } from "../api/api-error-response";
import { authorizeApiCommand } from "../api/authorize-api-command";
import { stampPeerAddress } from "../auth/client-ip";
import { queueApiCommand } from "../api/queue-api-command";
import { applyCommand, parseCommand } from "../commands/apply-command";
import { LocalQueue } from "../queue/local-queue";
import { changeUserRole, setUserDisabled } from "../users/update-user-access";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { ApiTokenThrottledError, API_TOKEN_REFUSED_MESSAGE, authenticateApiToken } from "./authenticate-api-token";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { API_TOKEN_SECRET_PATTERN } from "./schemas";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-api-tokens-"));
afterAll(async () => {
  await pool.end();
  fs.rmSync(queueDir, { recursive: true, force: true });
});

/** A fresh client address per test, so one test's failures never throttle another's. */
function uniqueIp(): string {
  const octet = () => Math.floor(Math.random() * 250) + 1;
  return `10.${octet()}.${octet()}.${octet()}`;
}

function bearerRequest(secret: string, ip: string, method = "GET"): Request {
  const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
  stampPeerAddress(headers, ip); // as the admin server does with the socket's address
  return new Request("http://ballast.test/api/commands", { method, headers });
}

const noSession = async () => {
  throw new Error("a bearer request must not read the session");
};

async function tokenFor(role: "admin" | "editor" | "contributor" | "viewer", options: { expiresInDays?: number; now?: Date } = {}) {
  const admin = await createTestUser({ role: "admin" });
  const user = await createTestUser({ role });
  const created = await createApiToken({ actorId: admin.id, now: options.now, input: { userId: user.id, name: `${role} script ${uniqueSuffix()}`, expiresInDays: options.expiresInDays ?? 30 } }, testDb());
  return { admin, user, ...created };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).not.toBeNull();
  return apiErrorResponse(error, { route: "test" });
}

describe("API tokens (real Postgres)", () => {
  it("returns the secret once and stores only its SHA-256 and a short prefix, with an audit row naming the admin", async () => {
    const { admin, user, token, secret } = await tokenFor("editor");
    expect(secret).toMatch(API_TOKEN_SECRET_PATTERN);
    const stored = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(stored.prefix).toBe(secret.slice(0, 10));
    // Nothing stored holds the secret's random part (beyond the displayed prefix).
    const randomPart = secret.slice(10);
    expect(JSON.stringify(stored)).not.toContain(randomPart);
    const audit = await testDb().auditLog.findMany({ where: { subjectType: "api-token", subjectId: token.id } });
    expect(audit).toMatchObject([{ action: "api-token.create", actorId: admin.id, details: { userId: user.id, prefix: stored.prefix } }]);
    expect(JSON.stringify(audit.map((row) => row.details))).not.toContain(randomPart);
    const listed = (await listApiTokens({}, testDb())).find((row) => row.id === token.id);
    expect(listed).toMatchObject({ status: "active", prefix: stored.prefix, user: { email: user.email } });
    expect(JSON.stringify(listed)).not.toContain(randomPart);
    expect(JSON.stringify(listed)).not.toContain(stored.tokenHash);
  });

  it("authenticates as the token's user with the role the user has now, and refreshes lastUsedAt at most once a minute", async () => {
    const { admin, user, token, secret } = await tokenFor("editor");
    const ip = uniqueIp();
    const caller = await authenticateApiRequest(bearerRequest(secret, ip), noSession, pool);
    expect(caller).toMatchObject({ id: user.id, email: user.email, role: "editor", tokenId: token.id, degraded: false });
    const firstUse = (await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);

    await changeUserRole({ actorId: admin.id, input: { userId: user.id, role: "viewer" } }, testDb());
    expect((await authenticateApiRequest(bearerRequest(secret, ip), noSession, pool)).role).toBe("viewer");
    expect((await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(firstUse);

    // A use more than a minute after the last one is recorded.
    await testDb().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await authenticateApiToken({ secret, ip }, pool);
    expect((await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("refuses a revoked token with 401 on the next request, audits the revoke once and the refused use under the token", async () => {
    const { admin, token, secret } = await tokenFor("editor");
    const ip = uniqueIp();
    await authenticateApiToken({ secret, ip }, pool);
    expect(await revokeApiToken({ actorId: admin.id, input: { tokenId: token.id } }, testDb())).toMatchObject({ alreadyRevoked: false });
    expect(await revokeApiToken({ actorId: admin.id, input: { tokenId: token.id } }, testDb())).toMatchObject({ alreadyRevoked: true });

    const response = await refusal(authenticateApiRequest(bearerRequest(secret, ip), noSession, pool));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe(API_TOKEN_REFUSED_MESSAGE);
    expect(response.headers["WWW-Authenticate"]).toMatch(/^Bearer/);

    const audit = await testDb().auditLog.findMany({ where: { subjectType: "api-token", subjectId: token.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => row.action)).toEqual(["api-token.create", "api-token.revoke", "api-token.refused"]);
    expect(audit[2]).toMatchObject({ tokenId: token.id, details: { reason: "revoked", ip } });
    expect((await listApiTokens({}, testDb())).find((row) => row.id === token.id)?.status).toBe("revoked");
  });

  it("refuses an expired token, a token whose user was disabled, and a made-up token", async () => {
    // Created "two days ago" with a one-day expiry: it expired yesterday, as a token made then would have.
    const expired = await tokenFor("editor", { expiresInDays: 1, now: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000) });
    const ip = uniqueIp();
    expect((await refusal(authenticateApiToken({ secret: expired.secret, ip }, pool))).status).toBe(401);
    expect((await listApiTokens({}, testDb())).find((row) => row.id === expired.token.id)?.status).toBe("expired");

    const disabled = await tokenFor("editor");
    expect((await authenticateApiToken({ secret: disabled.secret, ip }, pool)).id).toBe(disabled.user.id);
    await setUserDisabled({ actorId: disabled.admin.id, input: { userId: disabled.user.id, disabled: true } }, testDb());
    expect((await refusal(authenticateApiToken({ secret: disabled.secret, ip }, pool))).body.error).toBe(API_TOKEN_REFUSED_MESSAGE);

    const madeUp = `blt_${"A".repeat(43)}`;
    expect((await refusal(authenticateApiToken({ secret: madeUp, ip }, pool))).status).toBe(401);
    expect(await testDb().apiTokenFailure.count({ where: { ip } })).toBe(3);
    const reasons = await testDb().auditLog.findMany({ where: { action: "api-token.refused", subjectId: { in: [expired.token.id, disabled.token.id] } }, select: { details: true } });
    expect(reasons.map((row) => (row.details as { reason: string }).reason).sort()).toEqual(["expired", "user-disabled"]);
  });

  it("after 5 failures from one address refuses further bad tokens from it with 429 and Retry-After; good tokens still work", async () => {
    const { secret } = await tokenFor("editor");
    const ip = uniqueIp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await refusal(authenticateApiToken({ secret: `blt_guess${attempt}`, ip }, pool))).status).toBe(401);
    }
    const blocked = await refusal(authenticateApiRequest(bearerRequest("blt_guess5", ip), noSession, pool));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["Retry-After"])).toBeGreaterThan(14 * 60);
    expect(Number(blocked.headers["Retry-After"])).toBeLessThanOrEqual(15 * 60);
    await expect(authenticateApiToken({ secret: "blt_guess6", ip }, pool)).rejects.toBeInstanceOf(ApiTokenThrottledError);
    // A script behind the same address (a NAT, a proxy) with a good token is not locked out by someone else's guesses.
    expect((await authenticateApiToken({ secret, ip }, pool)).tokenId).toBeTruthy();
    expect((await authenticateApiToken({ secret, ip: uniqueIp() }, pool)).tokenId).toBeTruthy();
  });

  it("checks the token user's role per command: a viewer's token gets 403 for entry.create (audited under the token)", async () => {
    const { user, token, secret } = await tokenFor("viewer");
    const ip = uniqueIp();
    const caller = await authenticateApiToken({ secret, ip }, pool);
    const response = await refusal(authorizeApiCommand({ user: caller, type: "entry.create", ip }, pool));
    expect(response.status).toBe(403);
    expect(response.body.error).toBe("Your role (viewer) is not allowed to send entry.create.");
    expect(await testDb().auditLog.findFirst({ where: { action: "api-token.refused", subjectId: token.id } })).toMatchObject({
      actorId: user.id,
      tokenId: token.id,
      details: { reason: "forbidden", commandType: "entry.create" },
    });
    expect((await refusal(authorizeApiCommand({ user: caller, type: "no.such-command", ip }, pool))).body.fieldErrors).toEqual({ type: "Not a known command type." });
  });

  it("queues an editor's commands with the token, and the audit rows written when they are applied name the token", async () => {
    const { user, token, secret } = await tokenFor("editor");
    const ip = uniqueIp();
    const queue = new LocalQueue({ file: path.join(queueDir, `queue-${uniqueSuffix()}.sqlite`) });
    const caller = await authenticateApiToken({ secret, ip }, pool);
    const slug = `api-${uniqueSuffix()}`;
    const blog = await queueApiCommand({ user: caller, definition: await authorizeApiCommand({ user: caller, type: "liveblog.create", ip }, pool), payload: { title: "Via API", slug } }, queue);
    expect(blog).toMatchObject({ type: "liveblog.create", status: "queued", statusUrl: `/api/commands/${blog.commandId}`, ids: { liveBlogId: expect.any(String) } });
    const entryDefinition = await authorizeApiCommand({ user: caller, type: "entry.create", ip }, pool);
    const invalid = await refusal(queueApiCommand({ user: caller, definition: entryDefinition, payload: { liveBlogId: blog.ids.liveBlogId, body: "" } }, queue));
    expect(invalid).toMatchObject({ status: 400, body: { fieldErrors: { "payload.body": "Entry text is required." } } });
    const entry = await queueApiCommand({ user: caller, definition: entryDefinition, payload: { liveBlogId: blog.ids.liveBlogId, body: "<p>Posted by a script</p>" } }, queue);

    // The commands of one blog are delivered in order, one at a time.
    for (const expected of [blog.commandId, entry.commandId]) {
      const [message] = await queue.receive({ max: 1, visibilityMs: 10_000 });
      expect(message?.id).toBe(expected);
      const envelope = parseCommand(message!.body);
      expect(envelope).toMatchObject({ actorId: user.id, tokenId: token.id });
      expect(await applyCommand(testDb(), envelope)).toMatchObject({ status: "applied" });
      await queue.ack(message!);
    }
    const rows = await testDb().auditLog.findMany({ where: { tokenId: token.id, action: { in: ["liveblog.create", "entry.create"] } }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.action, row.actorId])).toEqual([
      ["liveblog.create", user.id],
      ["entry.create", user.id],
    ]);
    expect(await testDb().entry.findUnique({ where: { id: entry.ids.entryId } })).toMatchObject({ authorId: user.id, liveBlogId: blog.ids.liveBlogId });
  });

  it("validates what an admin asks for: a name of 1-100 characters, an expiry in 1-365 days or a future date within a year, an enabled user", async () => {
    const admin = await createTestUser({ role: "admin" });
    const user = await createTestUser({ role: "editor" });
    const create = (input: Record<string, unknown>) => refusal(createApiToken({ actorId: admin.id, input: { userId: user.id, name: "ok", ...input } }, testDb()));
    expect((await create({ name: " ", expiresInDays: 30 })).body.fieldErrors?.name).toMatch(/Name the token/);
    expect((await create({ name: "x".repeat(101), expiresInDays: 30 })).body.fieldErrors?.name).toMatch(/at most 100/);
    expect((await create({ expiresInDays: 0 })).body.fieldErrors?.expiresInDays).toMatch(/1 to 365/);
    expect((await create({ expiresInDays: 366 })).body.fieldErrors?.expiresInDays).toMatch(/1 to 365/);
    expect((await create({})).body.fieldErrors?.expiresInDays).toMatch(/Choose when the token expires/);
    expect((await create({ expiresAt: "2020-01-01" })).body.fieldErrors?.expiresAt).toBe("The expiry must be in the future.");
    expect((await create({ expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).body.fieldErrors?.expiresAt).toMatch(/at most 365 days/);
    const onDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const dated = await createApiToken({ actorId: admin.id, input: { userId: user.id, name: "dated", expiresAt: onDate } }, testDb());
    expect(dated.token.expiresAt.toISOString()).toBe(`${onDate}T23:59:59.999Z`);

    const disabledUser = await createTestUser({ role: "editor", disabled: true });
    expect((await refusal(createApiToken({ actorId: admin.id, input: { userId: disabledUser.id, name: "no", expiresInDays: 1 } }, testDb()))).body.fieldErrors?.userId).toBe("This user is disabled.");
    expect(await testDb().apiToken.count({ where: { userId: disabledUser.id } })).toBe(0);
  });
});
