import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTestUser, testDb } from "../../test/support/test-db";
import { endAllSessions } from "./end-all-sessions";
import { revokeSession } from "./revoke-session";
import { readSessionClaimsFrom, userForClaims, type TSessionClaims } from "./session-user";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
// Nothing listens on port 1: every query fails as "database unreachable".
const downPool = new pg.Pool({ connectionString: "postgresql://nobody@127.0.0.1:1/none", connectionTimeoutMillis: 1_000 });
afterAll(() => Promise.all([pool.end(), downPool.end()]));

async function signedIn(role: "editor" | "admin" = "editor") {
  const user = await createTestUser({ role });
  const session = (): TSessionClaims => ({ id: user.id, email: user.email, name: user.name, role, sessionId: randomUUID(), sessionVersion: 0, signedInAtMs: Date.now() });
  return { user, session };
}

describe("ending sessions (real Postgres)", () => {
  it("carries the session id and version in the token", async () => {
    const secret = "a-test-secret-that-is-long-enough-0123456789";
    const name = "authjs.session-token";
    const sid = randomUUID();
    const value = await encode({ token: { sub: randomUUID(), role: "editor", sid, sv: 3 }, secret, salt: name });
    expect(await readSessionClaimsFrom((cookie) => (cookie === name ? value : undefined), secret)).toMatchObject({ sessionId: sid, sessionVersion: 3, role: "editor" });
  });

  it("refuses a signed-out session at its next request, while the user's other sessions go on", async () => {
    const { user, session } = await signedIn();
    const [laptop, phone] = [session(), session()];
    expect(await userForClaims(laptop, pool)).toMatchObject({ id: user.id, degraded: false });
    await revokeSession({ claims: laptop }, testDb());
    expect(await userForClaims(laptop, pool)).toBeNull();
    expect(await userForClaims(phone, pool)).toMatchObject({ id: user.id });
    expect(await testDb().auditLog.count({ where: { action: "session.logout", subjectId: user.id } })).toBe(1);
  });

  it("signing out everywhere ends every session issued before it; a new sign-in carries the new version", async () => {
    const { user, session } = await signedIn();
    const [laptop, phone] = [session(), session()];
    await endAllSessions({ userId: user.id, actorId: user.id }, testDb());
    expect(await userForClaims(laptop, pool)).toBeNull();
    expect(await userForClaims(phone, pool)).toBeNull();
    expect(await userForClaims({ ...session(), sessionVersion: 1 }, pool)).toMatchObject({ id: user.id });
    expect(await testDb().auditLog.count({ where: { action: "session.logout-everywhere", subjectId: user.id } })).toBe(1);
  });

  it("never outlives its maximum age from sign-in, however often its cookie is re-issued", async () => {
    const { session } = await signedIn();
    expect(await userForClaims(session(), pool)).not.toBeNull();
    expect(await userForClaims({ ...session(), signedInAtMs: Date.now() - 13 * 60 * 60 * 1000 }, pool)).toBeNull();
    expect(await userForClaims({ ...session(), signedInAtMs: null }, pool)).toBeNull();
    expect(await userForClaims({ ...session(), signedInAtMs: Date.now() - 13 * 60 * 60 * 1000 }, downPool)).toBeNull();
  });

  it("ends a token from before session ids (no sid, no version) by ending all of its user's sessions", async () => {
    const { user, session } = await signedIn();
    const old: TSessionClaims = { id: user.id, role: "editor" };
    const other = session();
    await revokeSession({ claims: old }, testDb());
    expect(await userForClaims(old, pool)).toBeNull();
    expect(await userForClaims(other, pool)).toBeNull();
  });

  it("with the database unreachable, a session works from its token, except one this process saw ended", async () => {
    const { user, session } = await signedIn();
    const [kept, signedOut, beforeEverywhere] = [session(), session(), session()];
    expect(await userForClaims(kept, downPool)).toMatchObject({ id: user.id, role: "editor", degraded: true });
    await revokeSession({ claims: signedOut }, testDb());
    expect(await userForClaims(signedOut, downPool)).toBeNull();
    await endAllSessions({ userId: user.id, actorId: user.id }, testDb());
    expect(await userForClaims(beforeEverywhere, downPool)).toBeNull();
  });
});
