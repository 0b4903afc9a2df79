import { Parser } from "htmlparser2";
import { describe, expect, test } from "vitest";
import { XSS_VECTORS } from "../../test/fixtures/xss-corpus";
import { safeLinkUrl, sanitizeBannerHtml } from "./sanitize-banner-html";

type TElement = { name: string; attributes: Record<string, string> };

/** The elements and text a browser-grade HTML parser reads out of the sanitiser's output. */
function parse(html: string): { elements: TElement[]; text: string } {
  const elements: TElement[] = [];
  let text = "";
  const parser = new Parser({ onopentag: (name, attributes) => elements.push({ name, attributes }), ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return { elements, text };
}

describe("sanitizeBannerHtml against the XSS corpus", () => {
  test.each(XSS_VECTORS.map((vector, index) => [index, vector]))("vector %i keeps only strong, b, em, i and safe links", (_index, vector) => {
    const output = sanitizeBannerHtml(vector);
    expect(output).not.toMatch(/<script/i);
    for (const element of parse(output).elements) {
      expect(["strong", "b", "em", "i", "a"]).toContain(element.name);
      const names = Object.keys(element.attributes);
      expect(names.filter((name) => name.startsWith("on"))).toEqual([]);
      if (element.name !== "a") expect(names).toEqual([]);
      else {
        expect(names.every((name) => ["href", "rel", "target"].includes(name))).toBe(true);
        expect(element.attributes.href).toMatch(/^(https?:\/\/|mailto:)/i);
        expect(element.attributes.href).not.toMatch(/javascript:|data:|vbscript:/i);
        expect(element.attributes.rel).toBe("noopener noreferrer");
      }
    }
  });
});

describe("sanitizeBannerHtml on ordinary messages", () => {
  test("keeps the allowed formatting and links as they are, with rel added", () => {
    expect(sanitizeBannerHtml("<strong>Polls</strong> in <em>Ohio</em> close at <b>7:30</b>, <i>really</i>")).toBe("<strong>Polls</strong> in <em>Ohio</em> close at <b>7:30</b>, <i>really</i>");
    expect(sanitizeBannerHtml('See <a href="https://vote.example/ohio?a=1&amp;b=2" target="_blank" class="x">where to vote</a>')).toBe(
      'See <a href="https://vote.example/ohio?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">where to vote</a>',
    );
    expect(sanitizeBannerHtml("<a href='mailto:desk@example.com'>Tips</a>")).toBe('<a href="mailto:desk@example.com" rel="noopener noreferrer">Tips</a>');
  });

  test("drops other tags but keeps their text, and drops script and style contents", () => {
    expect(sanitizeBannerHtml('<p class="x">Lines <u>open</u><br>late</p><script>alert(1)</script><style>p{}</style><!-- note -->')).toBe("Lines openlate");
    expect(parse(sanitizeBannerHtml("<div onclick=alert(1)>Go <img src=x onerror=alert(1)>now</div>")).text).toBe("Go now");
  });

  test("a link with an unsafe or missing href loses the tag but keeps its text", () => {
    expect(sanitizeBannerHtml('<a href="javascript:alert(1)">link</a>')).toBe("link");
    expect(sanitizeBannerHtml('<a href="java&#x09;script:alert(1)">link</a>')).toBe("link");
    expect(sanitizeBannerHtml('<a href="jav&#97;script:alert(1)">link</a>')).toBe("link");
    expect(sanitizeBannerHtml("<a name=x>anchor</a>")).toBe("anchor");
  });

  test("escapes stray angle brackets, keeps character references, closes what is left open and never nests links", () => {
    expect(sanitizeBannerHtml("1 < 2 > 0 &amp; &lt;b&gt; & more")).toBe("1 &lt; 2 &gt; 0 &amp; &lt;b&gt; &amp; more");
    expect(sanitizeBannerHtml("<strong>bold <em>both")).toBe("<strong>bold <em>both</em></strong>");
    expect(sanitizeBannerHtml("<em>a <strong>b</em> c</strong>")).toBe("<em>a <strong>b</strong></em> c");
    expect(sanitizeBannerHtml('<a href="https://a.example">a <a href="https://b.example">b</a>')).toBe('<a href="https://a.example" rel="noopener noreferrer">a b</a>');
  });
});

describe("safeLinkUrl", () => {
  test("accepts http, https and mailto; refuses other schemes, encoded or split ones and control characters", () => {
    expect(safeLinkUrl("https://vote.example/")).toBe("https://vote.example/");
    expect(safeLinkUrl(" HTTP://vote.example/ ")).toBe("HTTP://vote.example/");
    expect(safeLinkUrl("mailto:desk@example.com")).toBe("mailto:desk@example.com");
    for (const unsafe of ["javascript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)", "java\tscript:alert(1)", "https://ok.example/a\nb", "&#14;https://x.example", "data:text/html,x", "//evil.example", "/relative"]) {
      expect(safeLinkUrl(unsafe)).toBeNull();
    }
  });
});
