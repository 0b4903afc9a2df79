// Banners end to end on a real Postgres and a real file publisher: commands applied through the registry, the set
// published as banners/latest.json, takedown by delete (rollback included), stale edits, permissions, and the XSS
// corpus. Its own database: the banner set is one row, and other test files must not publish it meanwhile.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ElementType, parseDocument } from "htmlparser2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FilePublisher } from "../../publishers/file";
import { createFreshDatabase } from "../../test/support/fresh-database";
import { XSS_VECTORS } from "../../test/fixtures/xss-corpus";
import { authorizeApiCommand } from "../api/authorize-api-command";
import { applyCommand, type TApplyOutcome } from "../commands/apply-command";
import { runApplyWorker } from "../commands/run-apply-worker";
import { prepareCommandMessage } from "../commands/send-command";
import { createDb, type Db } from "../db";
import { AppError, fieldErrorsFromZod, toActionError } from "../errors";
import type { Role } from "../generated/prisma/enums";
import { publishDocument } from "../publishing/publish-document";
import { requestRollback } from "../publishing/request-rollback";
import { resumePublishing } from "../publishing/resume-publishing";
import { LocalQueue } from "../queue/local-queue";
import { ZBannerSetHeadSchema, type TBannerSetHead } from "../render/render-banner-set";
import { bannerPhase } from "./banner-phase";
import { BANNER_SET_KIND, BANNERS_HEAD_KEY, MAIN_BANNER_SET_ID } from "./constants";
import { requestBannerChange } from "./request-banner-change";
import { ZCreateBannerSchema, type TBannerFieldsInput } from "./schemas";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-banners-"));
const publisher = new FilePublisher(root);
let database: Db;
let dropDatabase: () => Promise<void>;
const users: Record<Role, string> = { admin: "", editor: "", contributor: "", viewer: "" };

beforeAll(async () => {
  const fresh = await createFreshDatabase({ namePrefix: "ballast-banners" });
  dropDatabase = fresh.drop;
  database = createDb(fresh.url);
  for (const role of Object.keys(users) as Role[]) {
    users[role] = (await database.user.create({ data: { email: `banners-${role}-${randomUUID()}@example.com`, name: `Banner ${role}`, role, passwordHash: "unused" } })).id;
  }
});

afterAll(async () => {
  await database.$disconnect();
  await dropDatabase();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts from an empty set (its version keeps rising, as it does in production).
  await database.$executeRaw`DELETE FROM banners`;
});

const HOUR = 3_600_000;
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();

function fields(overrides: Partial<TBannerFieldsInput> = {}): TBannerFieldsInput {
  return { messageHtml: "<strong>Polls</strong> in Ohio close at 7:30", severity: "urgent", placements: ["homepage"], targeting: "states", states: ["oh"], priority: 10, ...overrides };
}

/** A command as the worker applies it: prepared like sendCommand does (refused at the door when invalid), then applied. */
async function send(command: Record<string, unknown>, actorId = users.editor): Promise<{ outcome: TApplyOutcome; message: Record<string, unknown> & { input: Record<string, unknown> } }> {
  const { message } = prepareCommandMessage(command);
  const outcome = await applyCommand(database, { v: 1, id: randomUUID(), actorId, issuedAt: new Date().toISOString(), command: message });
  return { outcome, message: message as never };
}

async function applied(command: Record<string, unknown>, actorId = users.editor) {
  const result = await send(command, actorId);
  expect(result.outcome, JSON.stringify(result.outcome)).toMatchObject({ status: "applied" });
  return { ...result, version: (result.outcome as { version: number }).version };
}

async function createBanner(overrides: Partial<TBannerFieldsInput> & { status?: "draft" | "published" } = {}) {
  const { message, version } = await applied({ type: "banner.create", input: { status: "published", ...fields(overrides), ...overrides } });
  return { id: message.bannerId as string, version };
}

const publish = () => publishDocument(database, { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, publisher, waitForLease: true });

function readHead(): TBannerSetHead | null {
  const file = path.join(root, BANNERS_HEAD_KEY);
  return fs.existsSync(file) ? ZBannerSetHeadSchema.parse(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

const headIds = () => (readHead()?.banners ?? []).map((banner) => banner.id);

async function expectAuditAndPublishLog(action: string, bannerId: string, version: number) {
  expect(await database.auditLog.count({ where: { action, subjectType: "banner", subjectId: bannerId } })).toBeGreaterThanOrEqual(1);
  expect(await database.publishJob.count({ where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, version } })).toBe(1);
  expect(await database.publishLog.count({ where: { documentType: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, version: { gte: version } } })).toBeGreaterThanOrEqual(1);
}

describe("banner schemas", () => {
  it.each([
    ["messageHtml", { messageHtml: "" }, /Message is required/],
    ["messageHtml", { messageHtml: "x".repeat(501) }, /at most 500/],
    ["messageHtml", { messageHtml: "bad \u0000 byte" }, /NUL/],
    ["ctaUrl", { ctaLabel: "Find your polling place" }, /needs a link/],
    ["ctaLabel", { ctaUrl: "https://vote.example.org" }, /needs a label/],
    ["ctaUrl", { ctaLabel: "Go", ctaUrl: "javascript:alert(1)" }, /http:\/\/ or https:\/\//],
    ["ctaUrl", { ctaLabel: "Go", ctaUrl: "mailto:desk@example.com" }, /http:\/\/ or https:\/\//],
    ["severity", { severity: "critical" }, /info, warning or urgent/],
    ["placements", { placements: [] }, /at least one placement/],
    ["placements", { placements: ["Home Page"] }, /lower-case letters/],
    ["placements", { placements: Array.from({ length: 11 }, (_, index) => `p${index}`) }, /At most 10/],
    ["states", { targeting: "states", states: [] }, /at least one state/],
    ["states", { targeting: "states", states: ["OH", "XX"] }, /XX is not a US state/],
    ["zipPrefixes", { targeting: "zip_prefixes", zipPrefixes: ["432", "4308a"] }, /1 to 5 digits/],
    ["zipPrefixes", { targeting: "zip_prefixes", zipPrefixes: ["123456"] }, /1 to 5 digits/],
    ["zipPrefixes", { targeting: "zip_prefixes", zipPrefixes: Array.from({ length: 201 }, (_, index) => String(10000 + index)) }, /At most 200/],
    ["targeting", { targeting: "county" }, /everyone, states or zip_prefixes/],
    ["startsAt", { startsAt: "tomorrow" }, /Start must be a date and time/],
    ["endsAt", { startsAt: "2026-11-03T12:00:00Z", endsAt: "2026-11-03T11:00:00Z" }, /End must be after the start/],
    ["timeZone", { timeZone: "Mars/Olympus_Mons" }, /not a known IANA zone/],
    ["priority", { priority: 1001 }, /at most 1000/],
    ["priority", { priority: 1.5 }, /whole number/],
    ["dismissible", { dismissible: "yes" }, /true or false/],
  ])("refuses a bad %s with an error naming that field", (field, overrides, pattern) => {
    const result = ZCreateBannerSchema.safeParse({ ...fields(), ...overrides });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsFromZod(result.error)[field]).toMatch(pattern);
  });

  it("normalises: states upper-cased, sorted and deduplicated, ZIP prefixes deduplicated, instants in UTC, unused lists emptied", () => {
    const parsed = ZCreateBannerSchema.parse({ ...fields({ states: ["oh", "CA", "OH"] }), startsAt: "2026-11-03T07:00:00-05:00", zipPrefixes: ["432"] });
    expect(parsed).toMatchObject({ states: ["CA", "OH"], zipPrefixes: [], startsAt: "2026-11-03T12:00:00.000Z", endsAt: null, status: "draft", timeZone: "UTC", dismissible: true });
    expect(ZCreateBannerSchema.parse({ ...fields({ targeting: "zip_prefixes", zipPrefixes: ["432", "432", "43085"] }) })).toMatchObject({ zipPrefixes: ["432", "43085"], states: [] });
  });

  it("derives the phase from status and window", () => {
    const now = new Date("2026-11-03T12:00:00Z");
    const at = (iso: string | null) => (iso ? new Date(iso) : null);
    expect(bannerPhase({ status: "draft", startsAt: null, endsAt: null }, now)).toBe("draft");
    expect(bannerPhase({ status: "archived", startsAt: null, endsAt: null }, now)).toBe("archived");
    expect(bannerPhase({ status: "published", startsAt: at("2026-11-03T13:00:00Z"), endsAt: null }, now)).toBe("scheduled");
    expect(bannerPhase({ status: "published", startsAt: at("2026-11-03T11:00:00Z"), endsAt: at("2026-11-03T13:00:00Z") }, now)).toBe("live");
    expect(bannerPhase({ status: "published", startsAt: null, endsAt: at("2026-11-03T12:00:00Z") }, now)).toBe("ended");
  });
});

describe("banner commands (real Postgres, file publisher)", () => {
  it("banner.create publishes banners/latest.json matching the contract; a draft stays out of it", async () => {
    const startsAt = isoIn(-HOUR);
    const endsAt = isoIn(10 * HOUR);
    const live = await createBanner({ ctaLabel: "Find your polling place", ctaUrl: "https://vote.example.org/ohio", startsAt, endsAt, timeZone: "America/New_York" });
    const draft = await createBanner({ status: "draft", messageHtml: "Not yet" });
    expect(await publish()).toMatchObject({ status: "published", version: draft.version });
    await expectAuditAndPublishLog("banner.create", draft.id, draft.version);
    const head = readHead();
    expect(head).toMatchObject({ schema: 1, version: draft.version });
    expect(Date.parse(head!.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(head!.banners).toEqual([
      {
        id: live.id,
        version: 1,
        severity: "urgent",
        messageHtml: "<strong>Polls</strong> in Ohio close at 7:30",
        cta: { label: "Find your polling place", url: "https://vote.example.org/ohio" },
        placements: ["homepage"],
        target: { states: ["OH"] },
        startsAt,
        endsAt,
        priority: 10,
        dismissible: true,
      },
    ]);
    await expectAuditAndPublishLog("banner.create", live.id, live.version);
    const row = await database.banner.findUniqueOrThrow({ where: { id: live.id } });
    expect(row).toMatchObject({ timeZone: "America/New_York", createdById: users.editor, status: "published" });
  });

  it("publishes in order (priority, severity, start, id), with upcoming banners and without ended or archived ones", async () => {
    const low = await createBanner({ priority: 0, severity: "info", messageHtml: "Low" });
    const warning = await createBanner({ priority: 0, severity: "warning", messageHtml: "Warning" });
    const high = await createBanner({ priority: 50, severity: "info", messageHtml: "High" });
    const upcoming = await createBanner({ priority: 0, severity: "info", messageHtml: "Later", startsAt: isoIn(24 * HOUR), endsAt: isoIn(48 * HOUR) });
    const ended = await createBanner({ messageHtml: "Over", startsAt: isoIn(-3 * HOUR), endsAt: isoIn(-HOUR) });
    const archived = await createBanner({ messageHtml: "Archived" });
    await applied({ type: "banner.set-status", input: { bannerId: archived.id, status: "archived" } });
    await publish();
    expect(headIds()).toEqual([high.id, warning.id, low.id, upcoming.id]);
    expect(headIds()).not.toContain(ended.id);
  });

  it("update, duplicate, set-status, end now and delete each apply, write an audit row and publish the change", async () => {
    const banner = await createBanner({ messageHtml: "First text" });
    await publish();

    const update = await applied({ type: "banner.update", input: { bannerId: banner.id, expectedVersion: 1, ...fields({ messageHtml: "<em>Second</em> text", severity: "warning", targeting: "zip_prefixes", zipPrefixes: ["432", "43085"], dismissible: false }) } });
    await publish();
    await expectAuditAndPublishLog("banner.update", banner.id, update.version);
    expect(readHead()?.banners).toEqual([expect.objectContaining({ id: banner.id, version: 2, messageHtml: "<em>Second</em> text", severity: "warning", target: { zipPrefixes: ["432", "43085"] }, dismissible: false })]);

    const duplicate = await applied({ type: "banner.duplicate", input: { bannerId: banner.id } });
    const copyId = duplicate.message.newBannerId as string;
    await publish();
    await expectAuditAndPublishLog("banner.duplicate", copyId, duplicate.version);
    const copy = await database.banner.findUniqueOrThrow({ where: { id: copyId } });
    expect(copy).toMatchObject({ status: "draft", version: 1, messageHtml: "<em>Second</em> text", severity: "warning", targetZipPrefixes: ["432", "43085"], dismissible: false, createdById: users.editor });
    expect(headIds()).toEqual([banner.id]);

    const published = await applied({ type: "banner.set-status", input: { bannerId: copyId, status: "published" } });
    await publish();
    await expectAuditAndPublishLog("banner.set-status", copyId, published.version);
    expect(headIds().sort()).toEqual([banner.id, copyId].sort());

    const ended = await applied({ type: "banner.set-status", input: { bannerId: copyId, endNow: true } });
    await publish();
    await expectAuditAndPublishLog("banner.end", copyId, ended.version);
    expect(headIds()).toEqual([banner.id]);
    const endedRow = await database.banner.findUniqueOrThrow({ where: { id: copyId } });
    expect(endedRow.endsAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(bannerPhase(endedRow)).toBe("ended");

    const archived = await applied({ type: "banner.set-status", input: { bannerId: banner.id, status: "archived" } });
    await publish();
    await expectAuditAndPublishLog("banner.set-status", banner.id, archived.version);
    expect(headIds()).toEqual([]);

    const deleted = await applied({ type: "banner.delete", input: { bannerId: banner.id } });
    await publish();
    await expectAuditAndPublishLog("banner.delete", banner.id, deleted.version);
    expect(await database.banner.count({ where: { id: banner.id } })).toBe(0);
  });

  it("refuses a stale update (expectedVersion older than the banner) with a clear reason, changing nothing", async () => {
    const banner = await createBanner({ messageHtml: "Original" });
    await applied({ type: "banner.update", input: { bannerId: banner.id, expectedVersion: 1, ...fields({ messageHtml: "First edit" }) } });
    const setBefore = await database.bannerSet.findUniqueOrThrow({ where: { id: MAIN_BANNER_SET_ID } });
    const stale = await send({ type: "banner.update", input: { bannerId: banner.id, expectedVersion: 1, ...fields({ messageHtml: "Second edit, based on the original" }) } });
    expect(stale.outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/changed this banner since you opened it \(it is now version 2/) });
    expect((await database.banner.findUniqueOrThrow({ where: { id: banner.id } })).messageHtml).toBe("First edit");
    expect((await database.bannerSet.findUniqueOrThrow({ where: { id: MAIN_BANNER_SET_ID } })).version).toBe(setBefore.version);
  });

  it("refuses a change to a banner deleted meanwhile, saying so", async () => {
    const banner = await createBanner();
    await applied({ type: "banner.delete", input: { bannerId: banner.id } });
    const late = await send({ type: "banner.set-status", input: { bannerId: banner.id, status: "archived" } });
    expect(late.outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/deleted in the meantime/) });
  });

  it("a deleted banner leaves the head, and a rollback to a version that showed it does not bring it back", async () => {
    const doomed = await createBanner({ messageHtml: "Wrong polling hours", priority: 5 });
    const kept = await createBanner({ messageHtml: "Polls open at 6:30", priority: 1 });
    await publish();
    const withBoth = readHead()!;
    expect(withBoth.banners.map((banner) => banner.id)).toEqual([doomed.id, kept.id]);

    await applied({ type: "banner.update", input: { bannerId: kept.id, ...fields({ messageHtml: "Polls open at 6:30 (corrected)", priority: 1 }) } });
    await createBanner({ messageHtml: "Added after", priority: 0 });
    await applied({ type: "banner.delete", input: { bannerId: doomed.id } });
    await publish();
    expect(headIds()).not.toContain(doomed.id);
    expect(fs.readFileSync(path.join(root, BANNERS_HEAD_KEY), "utf8")).not.toContain("Wrong polling hours");

    await requestRollback(database, { actorId: users.editor, input: { kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID, toVersion: withBoth.version } });
    expect(await publish()).toMatchObject({ status: "rolled-back", toVersion: withBoth.version });
    const rolledBack = readHead()!;
    expect(rolledBack.rolledBackTo).toBe(withBoth.version);
    // The old head's other banner, as it is today; the one added since is not part of that version; the deleted one never returns.
    expect(rolledBack.banners.map((banner) => [banner.id, banner.messageHtml])).toEqual([[kept.id, "Polls open at 6:30 (corrected)"]]);
    expect(fs.readFileSync(path.join(root, BANNERS_HEAD_KEY), "utf8")).not.toContain("Wrong polling hours");
    expect(await database.publishLog.count({ where: { documentType: BANNER_SET_KIND, kind: "rollback", version: rolledBack.version } })).toBe(1);

    // While rolled back, deleting the banner it still shows reaches readers too.
    await applied({ type: "banner.delete", input: { bannerId: kept.id } });
    expect(await publish()).toMatchObject({ status: "rolled-back" });
    expect(headIds()).toEqual([]);

    await resumePublishing(database, { actorId: users.editor, kind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID });
    expect(await publish()).toMatchObject({ status: "published" });
    expect(readHead()?.rolledBackTo).toBeUndefined();
    expect(readHead()?.banners.map((banner) => banner.messageHtml)).toEqual(["Added after"]);
  });
});

describe("who may change banners", () => {
  it.each(["viewer", "contributor"] as const)("refuses a %s at the request, at the API and at apply time", async (role) => {
    const command = { type: "banner.create" as const, input: fields() };
    await expect(requestBannerChange({ actor: { id: users[role], role }, command })).rejects.toMatchObject({ code: "forbidden" });
    const apiUser = { id: users[role], role, email: "x@example.com", name: "x", degraded: false, tokenId: null };
    await expect(authorizeApiCommand({ user: apiUser, type: "banner.create", ip: "127.0.0.1" })).rejects.toBeInstanceOf(AppError);
    // A command that reached the queue anyway (e.g. the role changed meanwhile) is refused by the worker.
    const sneaked = await send(command, users[role]);
    expect(sneaked.outcome).toMatchObject({ status: "rejected", reason: expect.stringMatching(/no longer allowed/) });
    expect(await database.banner.count()).toBe(0);
  });

  it("an editor's request goes through the write queue and the apply worker, and returns the command and banner ids", async () => {
    const queue = new LocalQueue({ file: path.join(root, `queue-${randomUUID()}.sqlite`) });
    const controller = new AbortController();
    const worker = runApplyWorker({ database, queue, signal: controller.signal });
    try {
      const { commandId, bannerId } = await requestBannerChange({ actor: { id: users.editor, role: "editor" }, command: { type: "banner.create", input: { ...fields(), status: "published" } } }, queue);
      expect(commandId).toMatch(/^[0-9a-f-]{36}$/);
      await expect.poll(() => database.banner.count({ where: { id: bannerId! } }), { timeout: 10_000 }).toBe(1);
      expect(await database.command.findUniqueOrThrow({ where: { id: commandId } })).toMatchObject({ status: "applied", documentKind: BANNER_SET_KIND, documentId: MAIN_BANNER_SET_ID });
    } finally {
      controller.abort();
      await worker;
      await queue.close();
    }
  });

  it("refuses invalid input at the door with errors keyed by the banner's field, queueing nothing", async () => {
    const queue = new LocalQueue({ file: path.join(root, `queue-${randomUUID()}.sqlite`) });
    try {
      const request = requestBannerChange({ actor: { id: users.editor, role: "editor" }, command: { type: "banner.create", input: fields({ placements: ["Bad Tag"], ctaLabel: "Go" }) } }, queue);
      const caught = await request.then(() => null, (error: unknown) => error);
      expect(toActionError(caught).fieldErrors).toMatchObject({ placements: expect.stringMatching(/lower-case/) });
      expect(await queue.receive({ max: 10, visibilityMs: 1000, waitMs: 0 })).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});

/** Everything in a message's HTML that could run script or escape the banner allowlist; [] when clean. */
function problemsInMessage(html: string): string[] {
  const problems: string[] = [];
  const allowed: Record<string, string[]> = { strong: [], b: [], em: [], i: [], a: ["href", "rel"] };
  if (/<script|<style|<svg|<iframe|<!--/i.test(html)) problems.push("forbidden markup");
  const pending = [...parseDocument(html).children];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === ElementType.Text) continue;
    if (!("attribs" in node)) {
      problems.push(`${node.type} node`);
      continue;
    }
    if (!allowed[node.name]) problems.push(`element <${node.name}>`);
    for (const [name, value] of Object.entries(node.attribs)) {
      if (/^on/i.test(name)) problems.push(`handler ${name}`);
      else if (!allowed[node.name]?.includes(name)) problems.push(`attribute ${name}`);
      if (name === "href" && !["http:", "https:", "mailto:"].includes(URL.canParse(value) ? new URL(value).protocol : "none")) problems.push(`link to ${value}`);
    }
    if (node.name === "a" && node.attribs.rel !== "noopener noreferrer") problems.push("link without rel");
    pending.push(...node.children);
  }
  return problems;
}

describe("the XSS corpus in banners", () => {
  it("yields no script, handler or javascript: URL in the published JSON, in the message, the button label or the button link", async () => {
    let accepted = 0;
    let refused = 0;
    for (const vector of XSS_VECTORS) {
      const attempts = [
        { messageHtml: vector },
        { messageHtml: "Label test", ctaLabel: vector, ctaUrl: "https://vote.example.org/" },
        { messageHtml: "Link test", ctaLabel: "Go", ctaUrl: vector },
      ];
      for (const attempt of attempts) {
        try {
          const { outcome } = await send({ type: "banner.create", input: { ...fields(attempt), status: "published", priority: 0 } });
          if (outcome.status === "applied") accepted++;
          else refused++;
        } catch {
          refused++; // refused at the door (schema)
        }
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(accepted + refused).toBe(XSS_VECTORS.length * 3);
    await publish();
    const body = fs.readFileSync(path.join(root, BANNERS_HEAD_KEY), "utf8");
    const head = ZBannerSetHeadSchema.parse(JSON.parse(body));
    expect(head.banners.length).toBe(accepted);
    expect(body).not.toMatch(/<script|<iframe|<svg/i);
    for (const banner of head.banners) {
      expect(problemsInMessage(banner.messageHtml), banner.messageHtml).toEqual([]);
      if (banner.cta) {
        expect(banner.cta.label, banner.cta.label).not.toMatch(/[<>]/);
        expect(["http:", "https:"]).toContain(new URL(banner.cta.url).protocol);
        expect(banner.cta.url).not.toMatch(/javascript:|data:/i);
      }
    }
  }, 120_000);
});
