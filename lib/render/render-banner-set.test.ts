// The banner set's published JSON, rendered from a snapshot: the contract's shape, order, what is left out, and the
// rollback variant.
import { describe, expect, it } from "vitest";
import { BANNERS_HEAD_KEY } from "../banners/constants";
import { sanitizeBannerHtml } from "../banners/sanitize-banner-html";
import { renderBannerSet, renderBannerSetRollback, ZBannerSetHeadSchema, type TBannerSetSnapshot, type TStoredBanner } from "./render-banner-set";

const publishedAt = new Date("2026-11-03T18:00:00.000Z");
const context = { publicBaseUrl: "https://cdn.example.com", widgetKey: "widgets/ballast.abc.js", publishedAt };

function banner(overrides: Partial<TStoredBanner> & { id: string }): TStoredBanner {
  return {
    version: 1,
    status: "published",
    messageHtml: "Polls are open",
    ctaLabel: null,
    ctaUrl: null,
    severity: "info",
    placements: ["sitewide"],
    targeting: "everyone",
    targetStates: [],
    targetZipPrefixes: [],
    startsAt: null,
    endsAt: null,
    priority: 0,
    dismissible: true,
    ...overrides,
  };
}

const snapshot = (banners: TStoredBanner[], notice: TBannerSetSnapshot["notice"] = null): TBannerSetSnapshot => ({ version: 12, setId: "set", banners, notice });
const render = (banners: TStoredBanner[]) => ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSet(snapshot(banners), context).head.body));

describe("renderBannerSet", () => {
  it("writes banners/latest.json as the contract shows it: schema, version, publishedAt and each banner's fields", () => {
    const plan = renderBannerSet(
      snapshot([
        banner({
          id: "a",
          version: 3,
          severity: "urgent",
          messageHtml: "<strong>Polls</strong> in Ohio close at 7:30",
          ctaLabel: "Find your polling place",
          ctaUrl: "https://vote.example.org/ohio",
          placements: ["homepage"],
          targeting: "states",
          targetStates: ["OH"],
          startsAt: new Date("2026-11-03T12:00:00Z"),
          endsAt: new Date("2026-11-04T01:00:00Z"),
          priority: 10,
        }),
      ]),
      context,
    );
    expect(plan.head.key).toBe(BANNERS_HEAD_KEY);
    expect(plan.objects).toEqual([plan.head]);
    expect(JSON.parse(plan.head.body)).toEqual({
      schema: 1,
      version: 12,
      publishedAt: "2026-11-03T18:00:00.000Z",
      banners: [
        {
          id: "a",
          version: 3,
          severity: "urgent",
          messageHtml: "<strong>Polls</strong> in Ohio close at 7:30",
          cta: { label: "Find your polling place", url: "https://vote.example.org/ohio" },
          placements: ["homepage"],
          target: { states: ["OH"] },
          startsAt: "2026-11-03T12:00:00.000Z",
          endsAt: "2026-11-04T01:00:00.000Z",
          priority: 10,
          dismissible: true,
        },
      ],
      notice: null,
    });
  });

  it("carries the newest recorded emergency notice, a cleared one included (the widget compares its issuedAt)", () => {
    const notice = { id: "n1", message: "New updates are delayed", issuedAt: "2026-11-03T17:59:00.000Z" };
    expect(ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSet(snapshot([], notice), context).head.body)).notice).toEqual(notice);
    const cleared = { ...notice, id: "n2", message: "" };
    expect(ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSet(snapshot([], cleared), context).head.body)).notice).toEqual(cleared);
  });

  it("gives ZIP targeting as zipPrefixes and everyone as a null target", () => {
    const head = render([banner({ id: "z", targeting: "zip_prefixes", targetZipPrefixes: ["432", "43085"] }), banner({ id: "e" })]);
    expect(head.banners.find((item) => item.id === "z")?.target).toEqual({ zipPrefixes: ["432", "43085"] });
    expect(head.banners.find((item) => item.id === "e")?.target).toBeNull();
  });

  it("sorts by priority, then severity (urgent first), then start (at once first), then id", () => {
    const head = render([
      banner({ id: "d", priority: 0, severity: "info", startsAt: new Date("2026-11-03T10:00:00Z") }),
      banner({ id: "c", priority: 0, severity: "info", startsAt: null }),
      banner({ id: "b", priority: 0, severity: "urgent" }),
      banner({ id: "a", priority: 5, severity: "info" }),
      banner({ id: "f", priority: 0, severity: "warning" }),
      banner({ id: "e", priority: 0, severity: "info", startsAt: new Date("2026-11-03T10:00:00Z") }),
    ]);
    expect(head.banners.map((item) => item.id)).toEqual(["a", "b", "f", "c", "d", "e"]);
  });

  it("leaves out drafts, archived banners and banners whose end has passed, but keeps upcoming ones", () => {
    const head = render([
      banner({ id: "draft", status: "draft" }),
      banner({ id: "archived", status: "archived" }),
      banner({ id: "ended", endsAt: new Date("2026-11-03T17:59:59Z") }),
      banner({ id: "ends-now", endsAt: publishedAt }),
      banner({ id: "upcoming", startsAt: new Date("2026-11-04T12:00:00Z"), endsAt: new Date("2026-11-05T12:00:00Z") }),
      banner({ id: "open", endsAt: null }),
    ]);
    expect(head.banners.map((item) => item.id).sort()).toEqual(["open", "upcoming"]);
  });

  it("sanitises the message again and drops a button whose link is not http(s)", () => {
    const head = render([banner({ id: "x", messageHtml: 'Hi <img src=x onerror=alert(1)><a href="javascript:alert(1)">there</a>', ctaLabel: "<b>Go</b>", ctaUrl: "javascript:alert(1)" })]);
    expect(head.banners[0]?.messageHtml).toBe("Hi there");
    expect(head.banners[0]?.cta).toBeNull();
  });
});

describe("sanitizeBannerHtml", () => {
  it("keeps bold, italic and http(s)/mailto links (rel forced), and drops everything else", () => {
    expect(sanitizeBannerHtml('<p><strong>Polls</strong> <em>close</em> <b>at</b> <i>7:30</i> <a href="https://example.com/x" target="_blank" onclick="x()">here</a></p>')).toBe(
      '<strong>Polls</strong> <em>close</em> <b>at</b> <i>7:30</i> <a href="https://example.com/x" rel="noopener noreferrer">here</a>',
    );
    expect(sanitizeBannerHtml('<a href="mailto:desk@example.com">Mail</a>')).toBe('<a href="mailto:desk@example.com" rel="noopener noreferrer">Mail</a>');
    expect(sanitizeBannerHtml('<a href="data:text/html,x">Bad</a><h1>Big</h1><p>One</p><p>Two</p>')).toBe("BadBig One Two");
  });

  it("is idempotent", () => {
    const once = sanitizeBannerHtml('<p>A <a href="https://example.com">b</a> &amp; <strong>c</strong></p><script>x</script>');
    expect(sanitizeBannerHtml(once)).toBe(once);
  });
});

describe("renderBannerSetRollback", () => {
  const storedHead = renderBannerSet(snapshot([banner({ id: "kept", messageHtml: "Old text" }), banner({ id: "deleted" }), banner({ id: "now-draft" }), banner({ id: "now-archived" })]), context).head.body;
  const rollbackContext = { ...context, version: 20, toVersion: 12 };

  it("shows the banners the earlier head showed that are still published, as they are today (never a deleted, draft or archived one)", () => {
    const current: TBannerSetSnapshot = {
      version: 19,
      setId: "set",
      notice: null,
      banners: [banner({ id: "new-since" })],
      rollback: { currentBanners: [banner({ id: "kept", version: 2, messageHtml: "Today's text" }), banner({ id: "now-draft", status: "draft" }), banner({ id: "now-archived", status: "archived" })] },
    };
    const head = ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSetRollback(storedHead, rollbackContext, current).head.body));
    expect(head).toMatchObject({ version: 20, rolledBackTo: 12 });
    expect(head.banners.map((item) => [item.id, item.messageHtml])).toEqual([["kept", "Today's text"]]);
  });

  it("keeps today's notice: rolling banners back never brings back a notice that was replaced or cleared", () => {
    const oldHead = renderBannerSet(snapshot([banner({ id: "kept" })], { id: "old", message: "Old notice", issuedAt: "2026-11-03T10:00:00.000Z" }), context).head.body;
    const today = { id: "new", message: "", issuedAt: "2026-11-03T19:00:00.000Z" };
    const current: TBannerSetSnapshot = { version: 19, setId: "set", notice: today, banners: [], rollback: { currentBanners: [banner({ id: "kept" })] } };
    expect(ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSetRollback(oldHead, rollbackContext, current).head.body)).notice).toEqual(today);
  });

  it("without a current snapshot (the request's format check) re-points the stored banners, sanitised again", () => {
    const head = ZBannerSetHeadSchema.parse(JSON.parse(renderBannerSetRollback(storedHead, rollbackContext).head.body));
    expect(head.banners).toHaveLength(4);
    expect(head.version).toBe(20);
  });
});
