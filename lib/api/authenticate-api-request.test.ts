import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { TCurrentUser } from "../auth/session-user";
import { createApiToken } from "../api-tokens/create-api-token";
import { createTestUser, testDb, uniqueSuffix } from "../../test/support/test-db";
import { apiErrorResponse } from "./api-error-response";
import { authenticateApiRequest } from "./authenticate-api-request";
import { readJsonBody } from "./read-json-body";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
afterAll(() => pool.end());

const SESSION: TCurrentUser = { id: "00000000-0000-4000-8000-000000000001", email: "ed@example.com", name: "Ed", role: "editor", degraded: false };
const COOKIE = "authjs.session-token=opaque";

function request(method: string, headers: Record<string, string>): Request {
  return new Request("http://admin.example/api/commands", { method, headers: { host: "admin.example", "x-forwarded-for": "10.200.0.1", ...headers } });
}

async function outcome(promise: Promise<unknown>) {
  return promise.then(
    (user) => ({ status: 200, user, error: "" }),
    (error: unknown) => {
      const response = apiErrorResponse(error, { route: "test" });
      return { status: response.status, user: null, error: response.body.error };
    },
  );
}

describe("authenticating an API request", () => {
  const session = async () => SESSION;

  it("accepts a same-origin JSON cookie request and a cookie GET, as the session's user without a token", async () => {
    expect(await authenticateApiRequest(request("POST", { cookie: COOKIE, "content-type": "application/json", origin: "http://admin.example", "sec-fetch-site": "same-origin" }), session)).toEqual({ ...SESSION, tokenId: null });
    expect(await authenticateApiRequest(request("GET", { cookie: COOKIE, "sec-fetch-site": "cross-site" }), session)).toEqual({ ...SESSION, tokenId: null });
  });

  it("refuses cookie requests that change something from another site, or that are not JSON", async () => {
    const crossSite = await outcome(authenticateApiRequest(request("POST", { cookie: COOKIE, "content-type": "application/json", "sec-fetch-site": "cross-site" }), session));
    expect(crossSite).toMatchObject({ status: 403, error: expect.stringContaining("Cross-site requests with a session cookie are refused") });
    expect((await outcome(authenticateApiRequest(request("POST", { cookie: COOKIE, "content-type": "application/json", origin: "https://evil.example" }), session))).status).toBe(403);
    expect((await outcome(authenticateApiRequest(request("POST", { cookie: COOKIE, "content-type": "application/json", origin: "null" }), session))).status).toBe(403);
    const form = await outcome(authenticateApiRequest(request("POST", { cookie: COOKIE, "content-type": "application/x-www-form-urlencoded" }), session));
    expect(form).toMatchObject({ status: 400, error: "Send JSON: Content-Type: application/json." });
  });

  it("answers 401 without credentials, for an ended session, and for an Authorization header that is not a bearer token", async () => {
    let asked = false;
    const anonymous = await outcome(authenticateApiRequest(request("POST", { "content-type": "application/json" }), async () => ((asked = true), SESSION)));
    expect(anonymous).toMatchObject({ status: 401, error: "Sign in, or send an API token: Authorization: Bearer <token>." });
    expect(asked).toBe(false);
    expect(await outcome(authenticateApiRequest(request("GET", { cookie: COOKIE }), async () => null))).toMatchObject({ status: 401, error: "Your session has ended. Please sign in again." });
    expect(await outcome(authenticateApiRequest(request("GET", { authorization: "Basic YWRtaW46YWRtaW4=" }), session))).toMatchObject({ status: 401, error: "Send the API token as Authorization: Bearer <token>." });
  });

  it("takes a bearer token over a cookie and skips the cross-site checks (a token is never sent by a browser on its own)", async () => {
    const admin = await createTestUser({ role: "admin" });
    const editor = await createTestUser({ role: "editor" });
    const { token, secret } = await createApiToken({ actorId: admin.id, input: { userId: editor.id, name: `curl ${uniqueSuffix()}`, expiresInDays: 1 } }, testDb());
    const headers = { authorization: `Bearer ${secret}`, cookie: COOKIE, origin: "https://elsewhere.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" };
    expect(await authenticateApiRequest(request("POST", headers), session, pool)).toMatchObject({ id: editor.id, role: "editor", tokenId: token.id });
  });

  it("reads at most 1 MB of body and says why it refuses one", async () => {
    const post = (body: string, headers: Record<string, string> = {}) => new Request("http://admin.example/api/commands", { method: "POST", body, headers });
    expect(await readJsonBody(post('{"type":"entry.create","payload":{}}'))).toEqual({ type: "entry.create", payload: {} });
    expect(await outcome(readJsonBody(post("x".repeat(1024 * 1024 + 1))))).toMatchObject({ status: 400, error: "The request body is larger than 1024 KB." });
    expect(await outcome(readJsonBody(post("{}", { "content-length": String(5 * 1024 * 1024) })))).toMatchObject({ status: 400, error: "The request body is larger than 1024 KB." });
    expect(await outcome(readJsonBody(post('{"type": ')))).toMatchObject({ status: 400, error: "The request body is not valid JSON." });
  });
});
