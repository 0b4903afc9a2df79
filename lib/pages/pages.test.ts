// Pages end to end below the admin (real Postgres, the file publisher in a temp dir): commands applied as the worker
// applies them, the publish worker's step, the scheduler's step with an injected clock, rollback and takedown. Its own
// database, so the scheduler step and the takedown sweep see only this file's pages.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ElementType, parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { XSS_VECTORS } from "../../test/fixtures/xss-corpus";
import { authorizeApiCommand } from "../api/authorize-api-command";
import { applyCommand } from "../commands/apply-command";
import { prepareCommandMessage } from "../commands/send-command";
import { createDb, type Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { isSafeText } from "../content/safe-text";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { createLiveBlog } from "../liveblogs/create-liveblog";
import { deleteSupersededObjects } from "../publishing/delete-superseded-objects";
import { cacheControlForKey, contentTypeForKey, SHORT_CACHE } from "../publishing/object-policy";
import { publishDocument } from "../publishing/publish-document";
import { requestRepublish } from "../publishing/request-republish";
import { requestRollback } from "../publishing/request-rollback";
import { pageHeadKey, pageHtmlKey } from "../render/render-page-publication";
import { parsePageInputOrThrow } from "./clean-page-modules";
import { runPageSchedulerStep } from "./run-page-scheduler";
import { pageFieldErrors, ZCreatePageSchema, ZPageHeadSchema, type TPageModuleInput } from "./schemas";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-pages-"));
const publisher = new FilePublisher(root);
const { publicBaseUrl } = readEnv();
const MEDIA_IMAGE = `${publicBaseUrl}/media/${"ab".repeat(32)}.png`;

let database: Db;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-pages" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
});

afterAll(async () => {
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(root, { recursive: true, force: true });
});

const uniqueSuffix = () => randomUUID().slice(0, 8);

function createTestUser(options: { role: Role }) {
  const suffix = uniqueSuffix();
  return database.user.create({ data: { email: `${options.role}-${suffix}@example.com`, name: `Test ${options.role} ${suffix}`, role: options.role, passwordHash: "unused" } });
}

type TActor = { id: string };

/** What the apply worker does with a queued command: the request-side preparation, then the apply transaction. */
async function send(actor: TActor, command: Record<string, unknown>) {
  const { message } = prepareCommandMessage(command);
  const outcome = await applyCommand(database, { v: 1, id: randomUUID(), actorId: actor.id, issuedAt: new Date().toISOString(), command: message });
  return { outcome, message: message as unknown as Record<string, string> };
}

async function sendOk(actor: TActor, command: Record<string, unknown>) {
  const result = await send(actor, command);
  expect(result.outcome, JSON.stringify(result.outcome)).toMatchObject({ status: "applied" });
  return result;
}

async function createPage(actor: TActor, input: { title?: string; slug?: string; description?: string; modules?: TPageModuleInput[] } = {}) {
  const slug = input.slug ?? `page-${uniqueSuffix()}`;
  const { message } = await sendOk(actor, { type: "page.create", input: { title: input.title ?? "Election day", slug, description: input.description ?? "", modules: input.modules ?? [] } });
  return { pageId: message.pageId!, slug };
}

/** One publish step, then the takedown sweep (a withdrawal schedules its objects for deletion at once). */
async function publish(pageId: string) {
  const outcome = await publishDocument(database, { kind: "page", documentId: pageId, publisher, waitForLease: true });
  await deleteSupersededObjects({ database, publisher, invalidate: () => undefined });
  return outcome;
}

function readObject(key: string): string | null {
  const file = path.join(root, key);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

function readHead(slug: string) {
  const body = readObject(pageHeadKey(slug));
  return body === null ? null : ZPageHeadSchema.parse(JSON.parse(body));
}

function refusalOf(error: unknown): AppError {
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

type TNode = ReturnType<typeof parseDocument>["children"][number];

function elements(html: string): { name: string; attribs: Record<string, string>; text: string }[] {
  const found: { name: string; attribs: Record<string, string>; text: string }[] = [];
  const pending: TNode[] = [...parseDocument(html).children];
  for (let node = pending.shift(); node; node = pending.shift()) {
    if ("attribs" in node) {
      const text = node.children.map((child) => (child.type === ElementType.Text ? child.data : "")).join("");
      found.push({ name: node.name, attribs: node.attribs, text });
      pending.push(...node.children);
    }
  }
  return found;
}

/** Everything in a document that could run script: script elements (besides `allowedScripts`), handlers, script URLs. */
function scriptProblems(html: string, allowedScripts: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const element of elements(html)) {
    if (element.name === "script" && !(allowedScripts.includes(element.attribs.src ?? "") && element.text === "")) problems.push(`<script ${JSON.stringify(element.attribs)}>`);
    if (["object", "embed", "applet", "frame", "frameset", "svg", "math", "base", "template"].includes(element.name)) problems.push(`<${element.name}>`);
    if (element.name === "iframe" && !/^https:\/\/www\.(youtube-nocookie|instagram)\.com\//.test(element.attribs.src ?? "")) problems.push(`<iframe src=${element.attribs.src}>`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name)) problems.push(`handler ${name} on <${element.name}>`);
      if (["href", "src", "action", "formaction", "content", "data-ballast-liveblog", "data-banners-url"].includes(name)) {
        const compact = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (/^(java|vb)script:|^data:/.test(compact)) problems.push(`script URL in ${name} on <${element.name}>`);
      }
    }
  }
  return problems;
}

describe("page input", () => {
  it("names the module index and field of each schema error", () => {
    const input = {
      title: "Day",
      slug: "day",
      modules: [
        { id: "m1", type: "headline", title: "Fine", link: "https://example.com/" },
        { id: "m2", type: "image", src: "javascript:alert(1)", alt: "" },
        { id: "m3", type: "headline", title: "", link: "javascript:alert(1)" },
        { id: "m4", type: "banners", placement: "Home Page" },
        { id: "m5", type: "video" },
      ],
    };
    const error = refusalOf((() => { try { parsePageInputOrThrow(ZCreatePageSchema, input); } catch (caught) { return caught; } })());
    expect(error.fieldErrors).toMatchObject({
      "modules.1.src": expect.stringMatching(/http:\/\/ or https:\/\//),
      "modules.1.alt": "Alt text is required.",
      "modules.2.title": "Headline is required.",
      "modules.2.link": expect.stringMatching(/Link must be a full http/),
      "modules.3.placement": expect.stringMatching(/Placement must be/),
      "modules.4.type": expect.stringMatching(/Module type must be one of/),
    });
    expect(error.fieldErrors["modules.0.link"]).toBeUndefined();
    expect(error.message).toContain("Module 2 (image), src:");
    expect(error.message).toContain("Module 3 (headline), title: Headline is required.");
  });

  it("keys a queued command's errors the same way, and refuses more than 50 modules and duplicate ids", () => {
    const tooMany = Array.from({ length: 51 }, (_, index) => ({ id: `m${index}`, type: "headline", title: "x" }));
    const caught = (() => { try { prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: tooMany } }); } catch (error) { return error; } })();
    expect(pageFieldErrors(caught as never)).toEqual({ modules: "A page has at most 50 modules." });
    const duplicate = (() => { try { prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: [{ id: "a", type: "banners", placement: "homepage" }, { id: "a", type: "banners", placement: "sitewide" }] } }); } catch (error) { return error; } })();
    expect(pageFieldErrors(duplicate as never)).toEqual({ "modules.1.id": 'Module id "a" is used twice; each module needs its own id.' });
  });

  it("accepts https images and this Ballast's media, refuses other http images and rich text that sanitises to nothing", () => {
    const ok = prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: [{ id: "a", type: "image", src: "https://images.example/x.jpg", alt: "A" }, { id: "b", type: "image", src: MEDIA_IMAGE, alt: "B" }] } });
    expect((ok.message.input as { modules: unknown[] }).modules).toHaveLength(2);
    const http = refusalOf((() => { try { prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: [{ id: "a", type: "image", src: "http://images.example/x.jpg", alt: "A" }] } }); } catch (error) { return error; } })());
    expect(http.fieldErrors).toEqual({ "modules.0.src": "Image address must be an https:// address or an image uploaded to this Ballast." });
    const empty = refusalOf((() => { try { prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: [{ id: "a", type: "richtext", html: "<script>alert(1)</script>" }] } }); } catch (error) { return error; } })());
    expect(empty.fieldErrors["modules.0.html"]).toMatch(/nothing was left/);
  });
});

describe("publishing a page (real Postgres, file publisher)", () => {
  it("create, update and go live publish latest.json and index.html matching the contract, with audit and publish_log rows", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(database, { actorId: editor.id, input: { title: "Election night", slug: `night-${uniqueSuffix()}`, status: "live" } });
    const { pageId, slug } = await createPage(editor, { title: "Today", description: "The homepage for the day" });
    expect(await publish(pageId)).toMatchObject({ status: "withdrawn" });
    expect(readObject(pageHeadKey(slug))).toBeNull();

    const modules = [
      { id: "m1", type: "headline", title: "Polls close at 7:30", text: "Find your polling place", link: "https://vote.example/find" },
      { id: "m2", type: "image", src: MEDIA_IMAGE, alt: "Voters in line", caption: "Columbus, this morning" },
      { id: "m3", type: "banners", placement: "homepage" },
      { id: "m4", type: "liveblog", slug: blog.slug },
      { id: "m5", type: "lookup", dataset: "zip-codes", label: "Your ZIP code" },
      { id: "m6", type: "richtext", html: '<p onclick="alert(1)">Results <strong>tonight</strong></p><script>alert(1)</script>' },
    ];
    await sendOk(editor, { type: "page.update", input: { pageId, modules, expectedVersion: 1 } });
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    expect(await publish(pageId)).toMatchObject({ status: "published", version: 3 });

    const head = readHead(slug)!;
    expect(head).toEqual({
      schema: 1,
      version: 3,
      publishedAt: expect.any(String),
      page: { slug, title: "Today", description: "The homepage for the day", url: `${publicBaseUrl}/pages/${slug}/index.html` },
      modules: [
        { id: "m1", type: "headline", title: "Polls close at 7:30", text: "Find your polling place", link: "https://vote.example/find" },
        { id: "m2", type: "image", src: MEDIA_IMAGE, alt: "Voters in line", caption: "Columbus, this morning", link: null },
        { id: "m3", type: "banners", placement: "homepage" },
        { id: "m4", type: "liveblog", slug: blog.slug, headUrl: `${publicBaseUrl}/liveblogs/${blog.slug}/latest.json`, pageUrl: `${publicBaseUrl}/liveblogs/${blog.slug}/index.html` },
        { id: "m5", type: "lookup", dataset: "zip-codes", label: "Your ZIP code" },
        { id: "m6", type: "richtext", html: "<p>Results <strong>tonight</strong></p>" },
      ],
    });

    const html = readObject(pageHtmlKey(slug))!;
    const meta = (property: string) => elements(html).find((element) => element.name === "meta" && element.attribs.property === property)?.attribs.content;
    expect(meta("og:type")).toBe("website");
    expect(meta("og:title")).toBe("Today");
    expect(meta("og:description")).toBe("The homepage for the day");
    expect(meta("og:url")).toBe(`${publicBaseUrl}/pages/${slug}/index.html`);
    expect(meta("og:image")).toBe(MEDIA_IMAGE);
    expect(elements(html).find((element) => element.name === "link" && element.attribs.rel === "canonical")?.attribs.href).toBe(`${publicBaseUrl}/pages/${slug}/index.html`);
    expect(html).toContain('<h2><a href="https://vote.example/find">Polls close at 7:30</a></h2><p>Find your polling place</p>');
    expect(html).toContain(`<img src="${MEDIA_IMAGE}" alt="Voters in line">`);
    expect(html).toContain(`<div data-ballast-banners="homepage" data-banners-url="${publicBaseUrl}/banners/latest.json"></div>`);
    expect(html).toContain(`<div data-ballast-liveblog="${publicBaseUrl}/liveblogs/${blog.slug}/latest.json"></div>`);
    expect(html).toContain(`<a href="${publicBaseUrl}/liveblogs/${blog.slug}/index.html">Follow the live blog: Election night</a>`);
    expect(html).toContain('data-ballast-lookup="zip-codes"');
    expect(html).toContain("<p>Results <strong>tonight</strong></p>");
    const scripts = elements(html).filter((element) => element.name === "script");
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.attribs.src).toMatch(new RegExp(`^${publicBaseUrl}/widgets/ballast\\.[0-9a-f]+\\.js$`));
    expect(scriptProblems(html, [scripts[0]!.attribs.src!])).toEqual([]);

    const actions = await database.auditLog.findMany({ where: { subjectType: "page", subjectId: pageId }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
    expect(actions).toEqual([
      { action: "page.create", actorId: editor.id },
      { action: "page.update", actorId: editor.id },
      { action: "page.set-status", actorId: editor.id },
    ]);
    const log = await database.publishLog.findMany({ where: { documentType: "page", documentId: pageId }, select: { version: true, kind: true, keys: true } });
    expect(log).toEqual([{ version: 3, kind: "publish", keys: [pageHtmlKey(slug), pageHeadKey(slug)] }]);
    const stored = await database.page.findUniqueOrThrow({ where: { id: pageId } });
    expect([stored.version, stored.publishedVersion]).toEqual([3, 3]);
    // Both objects change in place: the short "head" cache policy, like a live blog's latest.json.
    expect([cacheControlForKey(pageHeadKey(slug)), cacheControlForKey(pageHtmlKey(slug))]).toEqual([SHORT_CACHE, SHORT_CACHE]);
    expect([contentTypeForKey(pageHeadKey(slug)), contentTypeForKey(pageHtmlKey(slug))]).toEqual(["application/json; charset=utf-8", "text/html; charset=utf-8"]);
  });

  it("publishes nothing while a draft, and going back to draft or archived removes both objects", async () => {
    const editor = await createTestUser({ role: "editor" });
    const { pageId, slug } = await createPage(editor, { modules: [{ id: "h", type: "headline", title: "Secret plans" }] });
    await sendOk(editor, { type: "page.update", input: { pageId, title: "Still private" } });
    expect(await publish(pageId)).toMatchObject({ status: "withdrawn" });
    expect([readObject(pageHeadKey(slug)), readObject(pageHtmlKey(slug))]).toEqual([null, null]);

    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    expect(await publish(pageId)).toMatchObject({ status: "published" });
    expect(readHead(slug)?.page.title).toBe("Still private");

    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "draft" } });
    expect(await publish(pageId)).toMatchObject({ status: "withdrawn", keys: [pageHeadKey(slug), pageHtmlKey(slug)] });
    expect([readObject(pageHeadKey(slug)), readObject(pageHtmlKey(slug))]).toEqual([null, null]);

    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    await publish(pageId);
    expect(readObject(pageHtmlKey(slug))).toContain("Secret plans");
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "archived" } });
    expect(await publish(pageId)).toMatchObject({ status: "withdrawn" });
    expect([readObject(pageHeadKey(slug)), readObject(pageHtmlKey(slug))]).toEqual([null, null]);
  });

  it("refuses a stale update and leaves the page as the other editor saved it", async () => {
    const [first, second] = [await createTestUser({ role: "editor" }), await createTestUser({ role: "editor" })];
    const { pageId } = await createPage(first, { modules: [{ id: "h", type: "headline", title: "Original" }] });
    await sendOk(second, { type: "page.update", input: { pageId, modules: [{ id: "h", type: "headline", title: "Second editor's" }], expectedVersion: 1 } });
    const { outcome } = await send(first, { type: "page.update", input: { pageId, modules: [{ id: "h", type: "headline", title: "First editor's" }], expectedVersion: 1 } });
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/Someone changed this page since you opened it/) });
    const stored = await database.page.findUniqueOrThrow({ where: { id: pageId } });
    expect(stored.version).toBe(2);
    expect(stored.modules).toEqual([{ id: "h", type: "headline", title: "Second editor's", text: "", link: null }]);
  });

  it("keeps a live-blog module naming no live blog (a queued change fails only when the world changed); it renders nothing", async () => {
    const editor = await createTestUser({ role: "editor" });
    const { pageId, slug } = await createPage(editor);
    const missing = `missing-${uniqueSuffix()}`;
    const { outcome } = await send(editor, { type: "page.update", input: { pageId, modules: [{ id: "a", type: "banners", placement: "homepage" }, { id: "b", type: "liveblog", slug: missing }] } });
    expect(outcome).toMatchObject({ status: "applied" });
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    await publish(pageId);
    expect(readHead(slug)?.modules.map((module) => module.type)).toEqual(["banners"]);
    expect(readObject(pageHtmlKey(slug))).not.toContain(missing);
  });

  it("leaves out a live blog that is still a draft, and shows it once the blog is live and the page republished", async () => {
    const editor = await createTestUser({ role: "editor" });
    const blog = await createLiveBlog(database, { actorId: editor.id, input: { title: "Later tonight", slug: `later-${uniqueSuffix()}` } });
    const { pageId, slug } = await createPage(editor, { modules: [{ id: "h", type: "headline", title: "Top" }, { id: "lb", type: "liveblog", slug: blog.slug }] });
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    await publish(pageId);
    expect(readHead(slug)?.modules.map((module) => module.type)).toEqual(["headline"]);
    expect(readObject(pageHtmlKey(slug))).not.toContain(blog.slug);

    await sendOk(editor, { type: "liveblog.update", input: { liveBlogId: blog.id, status: "live" } });
    await requestRepublish(database, { actorId: editor.id, kind: "page", documentId: pageId });
    await publish(pageId);
    expect(readHead(slug)?.modules.map((module) => module.type)).toEqual(["headline", "liveblog"]);
    expect(readObject(pageHtmlKey(slug))).toContain(`Follow the live blog: Later tonight`);
  });

  it("a rollback keeps a live blog the earlier version embedded even when today's version names another", async () => {
    const editor = await createTestUser({ role: "editor" });
    const results = await createLiveBlog(database, { actorId: editor.id, input: { title: "Results", slug: `results-${uniqueSuffix()}`, status: "live" } });
    const debate = await createLiveBlog(database, { actorId: editor.id, input: { title: "Debate", slug: `debate-${uniqueSuffix()}`, status: "live" } });
    const { pageId, slug } = await createPage(editor, { modules: [{ id: "lb", type: "liveblog", slug: results.slug }] });
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    expect(await publish(pageId)).toMatchObject({ status: "published", version: 2 });
    await sendOk(editor, { type: "page.update", input: { pageId, modules: [{ id: "lb", type: "liveblog", slug: debate.slug }] } });
    expect(await publish(pageId)).toMatchObject({ status: "published", version: 3 });

    await requestRollback(database, { actorId: editor.id, input: { kind: "page", documentId: pageId, toVersion: 2 } });
    expect(await publish(pageId)).toMatchObject({ status: "rolled-back", toVersion: 2 });
    expect(readHead(slug)?.modules).toMatchObject([{ type: "liveblog", slug: results.slug }]);
    expect(readObject(pageHtmlKey(slug))).toContain("Follow the live blog: Results");
  });

  it("rolls back to an earlier version (its modules, its HTML rendered again) and republishes", async () => {
    const editor = await createTestUser({ role: "editor" });
    const { pageId, slug } = await createPage(editor, { modules: [{ id: "h", type: "headline", title: "Morning edition" }] });
    await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
    expect(await publish(pageId)).toMatchObject({ status: "published", version: 2 });
    await sendOk(editor, { type: "page.update", input: { pageId, modules: [{ id: "h", type: "headline", title: "Wrong call" }] } });
    expect(await publish(pageId)).toMatchObject({ status: "published", version: 3 });
    expect(readObject(pageHtmlKey(slug))).toContain("Wrong call");

    await requestRollback(database, { actorId: editor.id, input: { kind: "page", documentId: pageId, toVersion: 2 } });
    expect(await publish(pageId)).toMatchObject({ status: "rolled-back", version: 4, toVersion: 2 });
    expect(readHead(slug)).toMatchObject({ version: 4, rolledBackTo: 2, modules: [{ title: "Morning edition" }] });
    expect(readObject(pageHtmlKey(slug))).toContain("Morning edition");
    expect(readObject(pageHtmlKey(slug))).not.toContain("Wrong call");
    expect(await database.auditLog.count({ where: { subjectId: pageId, action: "page.rollback" } })).toBe(1);

    await requestRepublish(database, { actorId: editor.id, kind: "page", documentId: pageId });
    expect(await publish(pageId)).toMatchObject({ status: "rolled-back" });
    expect(readHead(slug)?.rolledBackTo).toBe(2);
  });
});

describe("scheduled page versions", () => {
  /** Runs scheduler steps at `at` until this schedule is handled (others' due schedules may come first). */
  async function runSchedulerUntil(scheduleId: string, at: Date) {
    for (let step = 0; step < 20; step++) {
      const handled = await runPageSchedulerStep(database, at);
      if (handled === null || handled.scheduleId === scheduleId) return handled;
    }
    return null;
  }

  it("puts a scheduled version live at its time, as its creator, and it publishes", async () => {
    const editor = await createTestUser({ role: "editor" });
    const { pageId, slug } = await createPage(editor, { title: "Tonight", modules: [{ id: "h", type: "headline", title: "Preview" }] });
    const goLiveAt = new Date(Date.now() + 60 * 60 * 1000);
    const { message } = await sendOk(editor, { type: "page.schedule", input: { pageId, title: "Results", description: "Live results", modules: [{ id: "r", type: "headline", title: "Results are in" }], goLiveAt: goLiveAt.toISOString() } });
    const scheduleId = message.scheduleId!;

    expect(await runSchedulerUntil(scheduleId, new Date(goLiveAt.getTime() - 1000))).toBeNull();
    expect((await database.pageSchedule.findUniqueOrThrow({ where: { id: scheduleId } })).status).toBe("scheduled");

    const handled = await runSchedulerUntil(scheduleId, new Date(goLiveAt.getTime() + 1000));
    expect(handled).toMatchObject({ scheduleId, pageId, outcome: "applied" });
    const page = await database.page.findUniqueOrThrow({ where: { id: pageId } });
    expect({ status: page.status, title: page.title, description: page.description }).toEqual({ status: "live", title: "Results", description: "Live results" });
    expect(await database.pageSchedule.findUniqueOrThrow({ where: { id: scheduleId } })).toMatchObject({ status: "applied", appliedAt: new Date(goLiveAt.getTime() + 1000) });
    expect(await database.auditLog.findFirst({ where: { subjectId: pageId, action: "page.schedule-applied" }, select: { actorId: true } })).toEqual({ actorId: editor.id });

    expect(await publish(pageId)).toMatchObject({ status: "published", version: page.version });
    expect(readHead(slug)).toMatchObject({ page: { title: "Results" }, modules: [{ id: "r", title: "Results are in" }] });
  });

  it("does not apply a cancelled schedule, nor one whose creator can no longer edit pages", async () => {
    const editor = await createTestUser({ role: "editor" });
    const { pageId } = await createPage(editor);
    const at = new Date(Date.now() + 2 * 60 * 60 * 1000);
    const version = { title: "Never", modules: [], goLiveAt: at.toISOString() };
    const cancelled = (await sendOk(editor, { type: "page.schedule", input: { pageId, ...version } })).message.scheduleId!;
    await sendOk(editor, { type: "page.cancel-schedule", input: { pageId, scheduleId: cancelled } });
    const { outcome } = await send(editor, { type: "page.cancel-schedule", input: { pageId, scheduleId: cancelled } });
    expect(outcome).toMatchObject({ status: "rejected", reason: "This schedule already went live or was cancelled." });

    const demoted = await createTestUser({ role: "editor" });
    const dropped = (await sendOk(demoted, { type: "page.schedule", input: { pageId, ...version } })).message.scheduleId!;
    await database.user.update({ where: { id: demoted.id }, data: { role: "viewer" } });
    expect(await runSchedulerUntil(dropped, new Date(at.getTime() + 1000))).toMatchObject({ scheduleId: dropped, outcome: "dropped" });
    expect((await database.pageSchedule.findUniqueOrThrow({ where: { id: cancelled } })).status).toBe("cancelled");
    expect((await database.page.findUniqueOrThrow({ where: { id: pageId } })).title).toBe("Election day");
  });

  it("refuses a go-live time in the past at the door", () => {
    const caught = refusalOf((() => { try { prepareCommandMessage({ type: "page.schedule", input: { pageId: randomUUID(), title: "T", modules: [], goLiveAt: "2020-01-01T00:00:00Z" } }); } catch (error) { return error; } })());
    expect(caught.fieldErrors).toEqual({ goLiveAt: "Choose a go-live time in the future." });
  });
});

describe("who may change pages", () => {
  it("refuses page commands from a viewer, at the API and when applied", async () => {
    const viewer = await createTestUser({ role: "viewer" });
    for (const type of ["page.create", "page.update", "page.set-status", "page.schedule", "page.cancel-schedule"]) {
      const refusal = await authorizeApiCommand({ user: { id: viewer.id, email: viewer.email, name: viewer.name, role: "viewer", degraded: false, tokenId: null }, type, ip: "127.0.0.1" }).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: "forbidden" });
    }
    const slug = `viewer-${uniqueSuffix()}`;
    const { outcome } = await send(viewer, { type: "page.create", input: { title: "Not mine", slug } });
    expect(outcome).toMatchObject({ status: "rejected", reason: "Your account is no longer allowed to make this change." });
    expect(await database.page.count({ where: { slug } })).toBe(0);
  });
});

describe("the XSS corpus in page modules", () => {
  const safe = (value: string, max: number) => (isSafeText(value.slice(0, max)) ? value.slice(0, max) : "x");

  it("refuses every corpus vector and script URL as a link or image address", () => {
    const hostile = [...XSS_VECTORS, "javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:alert(1)", "https://user:pass@evil.example/"];
    for (const vector of hostile) {
      const caught = (() => { try { prepareCommandMessage({ type: "page.create", input: { title: "T", slug: "t", modules: [{ id: "a", type: "headline", title: "H", link: vector }, { id: "b", type: "image", src: vector, alt: "A" }] } }); } catch (error) { return error; } })();
      expect(caught, vector).toBeDefined();
      const fields = caught instanceof AppError ? caught.fieldErrors : pageFieldErrors(caught as never);
      expect(Object.keys(fields).sort(), vector).toEqual(["modules.0.link", "modules.1.src"]);
    }
  });

  it("publishes no script, handler or script URL in the JSON or the HTML, whatever the text fields hold", async () => {
    const editor = await createTestUser({ role: "editor" });
    const perPage = 12;
    for (let start = 0; start < XSS_VECTORS.length; start += perPage) {
      const modules: TPageModuleInput[] = [];
      XSS_VECTORS.slice(start, start + perPage).forEach((vector, offset) => {
        const n = start + offset;
        modules.push(
          { id: `h${n}`, type: "headline", title: safe(vector, 200), text: safe(vector, 1000), link: 'https://example.com/"><script>alert(1)</script>' },
          { id: `i${n}`, type: "image", src: "https://images.example/a.jpg?x=\"'><svg onload=alert(1)>", alt: safe(vector, 300), caption: safe(vector, 500) },
          { id: `l${n}`, type: "lookup", dataset: "zip-codes", label: safe(vector, 100) },
          { id: `r${n}`, type: "richtext", html: safe(`<p>Vector ${n}</p>${vector}`, 50_000) },
        );
      });
      const { pageId, slug } = await createPage(editor, { title: safe(XSS_VECTORS[start]!, 200), description: safe(XSS_VECTORS[start]!, 1000), modules });
      await sendOk(editor, { type: "page.set-status", input: { pageId, status: "live" } });
      expect(await publish(pageId)).toMatchObject({ status: "published" });

      const head = readHead(slug)!;
      expect(head.modules).toHaveLength(modules.length);
      for (const block of head.modules) {
        if (block.type === "richtext") expect(scriptProblems(block.html), block.html).toEqual([]);
        if (block.type === "headline" && block.link) expect(block.link).toMatch(/^https:\/\/example\.com\/%22%3E%3Cscript%3E/);
        if (block.type === "image") expect(block.src.startsWith("https://images.example/")).toBe(true);
      }
      const html = readObject(pageHtmlKey(slug))!;
      const widget = elements(html).find((element) => element.name === "script")?.attribs.src ?? "";
      expect(scriptProblems(html, [widget]), slug).toEqual([]);
      expect(elements(html).filter((element) => element.name === "script")).toHaveLength(1);
      expect(elements(html).filter((element) => element.name === "style")).toHaveLength(1);
    }
  }, 120_000);
});
