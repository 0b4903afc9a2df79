import { describe, expect, it } from "vitest";
import { entryPlainText, sanitizeEntryHtml } from "./sanitize-entry-html";
import { BENIGN_SAMPLES, CORPUS_MEDIA_BASE_URL, XSS_VECTORS } from "../../test/fixtures/xss-corpus";

const options = { mediaBaseUrl: CORPUS_MEDIA_BASE_URL };
const sanitize = (html: string) => sanitizeEntryHtml(html, options);
const HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const MEDIA = `${CORPUS_MEDIA_BASE_URL}/media/${HASH}`;

// What Chrome puts on the clipboard when copying from Google Docs (styles abridged to the properties Docs always writes).
const DOCS_TEXT = "font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-variant:normal;vertical-align:baseline;white-space:pre;white-space:pre-wrap;";
const GOOGLE_DOCS_PASTE =
  '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4c1f7a2e-7fff-3b8e-2d4a-9e0c1f2a3b4c">' +
  `<h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;"><span style="font-size:20pt;${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:none;">Debate night</span></h1>` +
  '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">' +
  `<span style="${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:none;">The candidates took the stage at </span>` +
  `<span style="${DOCS_TEXT}font-weight:700;font-style:normal;text-decoration:none;">9 p.m.</span>` +
  `<span style="${DOCS_TEXT}font-weight:400;font-style:italic;text-decoration:none;"> sharp, </span>` +
  `<span style="${DOCS_TEXT}font-weight:700;font-style:italic;text-decoration:none;">really</span></p><br />` +
  '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><a href="https://example.com/live" style="text-decoration:none;">' +
  `<span style="${DOCS_TEXT}color:#1155cc;font-weight:400;font-style:normal;text-decoration:underline;-webkit-text-decoration-skip:none;text-decoration-skip-ink:none;">Follow live</span></a></p>` +
  '<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1">' +
  `<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" role="presentation"><span style="${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:none;">First point</span></p></li></ul><br /><br />` +
  '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">' +
  `<span style="${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:line-through;">withdrawn</span>` +
  `<span style="${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:none;"> line one</span><br />` +
  `<span style="${DOCS_TEXT}font-weight:400;font-style:normal;text-decoration:none;">line two</span></p>` +
  '</b><br class="Apple-interchange-newline">';

// What Word for Windows puts on the clipboard (head abridged).
const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15">
<link rel=File-List href="file:///C:/Users/ed/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;
	margin:0in;
	font-family:"Calibri",sans-serif;}
-->
</style>
</head>

<body lang=EN-US style='tab-interval:.5in;word-wrap:break-word'>
<!--StartFragment-->

<p class=MsoNormal><b><span style='mso-bidi-font-weight:normal'>Breaking:</span></b> polls close at <i style='mso-bidi-font-style:normal'>7:30</i><o:p></o:p></p>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Ohio<o:p></o:p></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Florida<o:p></o:p></p>

<h1>Results<o:p></o:p></h1>

<p class=MsoNormal><a href="https://example.com/results">Full results</a> <s>old figure</s> <span style='color:red'>new</span><span style='display:none;mso-hide:all'>hidden note</span><o:p></o:p></p>

<!--EndFragment-->
</body>

</html>`;

describe("sanitizeEntryHtml", () => {
  it.each(BENIGN_SAMPLES.map((sample) => [sample.name, sample] as const))("keeps ordinary markup: %s", (_name, sample) => {
    expect(sanitize(sample.html)).toBe(sample.expected);
  });

  it("drops unknown tags but keeps their text, and removes script-like elements with their content", () => {
    expect(sanitize("<p><span>Hello</span> <code>there</code> <u>you</u><sup>1</sup></p>")).toBe("<p>Hello there you1</p>");
    expect(sanitize("<p>Before</p><script>alert(1)</script><style>p{}</style><iframe src=https://example.com>fallback</iframe><object>obj</object><svg><text>svg</text></svg><p>After</p>")).toBe("<p>Before</p><p>After</p>");
    expect(sanitize("<section><article><div>Inside a div</div></article></section>")).toBe("Inside a div");
  });

  it("keeps no class, style, id or event attribute", () => {
    expect(sanitize('<p class="lead" style="color:red" id="x" onclick="alert(1)" dir="ltr">Text</p>')).toBe("<p>Text</p>");
    expect(sanitize('<h2 class="title" id="top">Heading</h2>')).toBe("<h2>Heading</h2>");
  });

  it("keeps links to http, https and mailto only, with rel set and nothing else but a title", () => {
    expect(sanitize('<a href="HTTPS://Example.com/a b" target="_blank" rel="opener" data-x="1">x</a>')).toBe('<a href="https://example.com/a%20b" rel="noopener noreferrer nofollow">x</a>');
    expect(sanitize('<a href="http://example.com/" title="A &quot;quoted&quot; title">x</a>')).toBe('<a href="http://example.com/" title="A &quot;quoted&quot; title" rel="noopener noreferrer nofollow">x</a>');
    for (const href of ["javascript:alert(1)", "data:text/html,x", "/relative", "#fragment", "//example.com/", "ftp://example.com/", "tel:+15551234", "https://a:b@example.com/"]) {
      expect(sanitize(`<p><a href="${href}">text</a></p>`)).toBe("<p>text</p>");
    }
  });

  it("keeps images only from the media bucket, exactly <base>/media/<sha256>.<png|jpg|gif|webp>", () => {
    for (const extension of ["png", "jpg", "gif", "webp"]) expect(sanitize(`<img src="${MEDIA}.${extension}">`)).toBe(`<img src="${MEDIA}.${extension}" />`);
    for (const src of [
      `${MEDIA}.svg`,
      `${MEDIA}.jpeg`,
      `${MEDIA}.PNG`,
      `${CORPUS_MEDIA_BASE_URL}/media/${HASH.toUpperCase()}.png`,
      `${CORPUS_MEDIA_BASE_URL}/media/${HASH.slice(1)}.png`,
      `${MEDIA}.png?v=1`,
      `${MEDIA}.png#x`,
      `${CORPUS_MEDIA_BASE_URL}/other/${HASH}.png`,
      `${CORPUS_MEDIA_BASE_URL}/media/sub/${HASH}.png`,
      `http://cdn.example.com/media/${HASH}.png`,
      `https://cdn.example.com.evil.example/media/${HASH}.png`,
      `//cdn.example.com/media/${HASH}.png`,
      `/media/${HASH}.png`,
      `data:image/png;base64,iVBORw0KGgo=`,
    ]) {
      expect(sanitize(`<p>a<img src="${src}">b</p>`), src).toBe("<p>ab</p>");
    }
  });

  it("keeps alt, and width and height only as plain numbers", () => {
    expect(sanitize(`<img src="${MEDIA}.png" alt="Crowd &amp; stage" width="640" height="480" title="t" loading="lazy" srcset="x 2x">`)).toBe(
      `<img src="${MEDIA}.png" alt="Crowd &amp; stage" width="640" height="480" />`,
    );
    expect(sanitize(`<img src="${MEDIA}.png" width="100%" height="-1">`)).toBe(`<img src="${MEDIA}.png" />`);
  });

  it("accepts the media base with or without a trailing slash and refuses a base that is not http(s)", () => {
    expect(sanitizeEntryHtml(`<img src="${MEDIA}.png">`, { mediaBaseUrl: `${CORPUS_MEDIA_BASE_URL}/` })).toBe(`<img src="${MEDIA}.png" />`);
    expect(sanitizeEntryHtml(`<img src="http://localhost:3000/cdn/media/${HASH}.gif">`, { mediaBaseUrl: "http://localhost:3000/cdn" })).toBe(`<img src="http://localhost:3000/cdn/media/${HASH}.gif" />`);
    expect(() => sanitizeEntryHtml("<p>x</p>", { mediaBaseUrl: "javascript:alert(1)" })).toThrow(/mediaBaseUrl/);
    expect(() => sanitizeEntryHtml("<p>x</p>", { mediaBaseUrl: "/cdn" })).toThrow();
  });

  it("keeps an embed placeholder only for an allowlisted post URL, stored in canonical form", () => {
    expect(sanitize('<div data-embed="x" data-url="https://twitter.com/jack/status/20?s=20" class="embed"></div>')).toBe('<div data-embed="x" data-url="https://x.com/jack/status/20"></div>');
    expect(sanitize('<div data-embed="instagram" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></div>')).toBe("");
    expect(sanitize('<div data-embed="youtube" data-url="https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ">caption</div>')).toBe("caption");
    expect(sanitize('<div data-url="https://youtu.be/dQw4w9WgXcQ"></div>')).toBe("");
  });

  it("stores a placeholder empty, moving anything nested in it after it", () => {
    expect(sanitize('<div data-embed="youtube" data-url="https://youtu.be/dQw4w9WgXcQ">Watch <b>this</b><p>Para</p></div>')).toBe(
      '<div data-embed="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></div>Watch <strong>this</strong><p>Para</p>',
    );
  });

  it("refuses an embed inside a link or a heading", () => {
    expect(sanitize('<a href="https://example.com/"><div data-embed="x" data-url="https://x.com/jack/status/20"></div>link</a>')).toBe('<a href="https://example.com/" rel="noopener noreferrer nofollow">link</a>');
    expect(sanitize('<h2><span><div data-embed="x" data-url="https://x.com/jack/status/20"></div></span>Title</h2>')).toBe("<h2>Title</h2>");
  });

  it("turns a Google Docs paste into plain semantic markup: the wrapper is not bold, styled spans are", () => {
    expect(sanitize(GOOGLE_DOCS_PASTE)).toBe(
      "<h2>Debate night</h2>" +
        "<p>The candidates took the stage at <strong>9 p.m.</strong><em> sharp, </em><strong><em>really</em></strong></p>" +
        '<p><a href="https://example.com/live" rel="noopener noreferrer nofollow">Follow live</a></p>' +
        "<ul><li><p>First point</p></li></ul>" +
        "<p><s>withdrawn</s> line one<br />line two</p>",
    );
  });

  it("turns a Word paste into plain semantic markup: no head, comments, o:p, list glyphs, hidden text or empty paragraphs", () => {
    expect(sanitize(WORD_PASTE)).toBe(
      "<p><strong>Breaking:</strong> polls close at <em>7:30</em></p><p>Ohio</p><p>Florida</p><h2>Results</h2>" +
        '<p><a href="https://example.com/results" rel="noopener noreferrer nofollow">Full results</a> <s>old figure</s> new</p>',
    );
  });

  it("reads bold, italic and strike-through from inline styles, and a normal weight or style cancels the tag's own", () => {
    expect(sanitize('<p><span style="font-weight: bold">b</span><span style="FONT-WEIGHT:600 !important">w</span><span style="font-weight:400">n</span></p>')).toBe("<p><strong>b</strong><strong>w</strong>n</p>");
    expect(sanitize('<p><span style="font-style:oblique 10deg">o</span><i style="font-style:normal">n</i><span style="text-decoration:underline line-through">s</span></p>')).toBe("<p><em>o</em>n<s>s</s></p>");
    expect(sanitize('<p><strong><span style="font-weight:700">already bold</span></strong></p>')).toBe("<p><strong>already bold</strong></p>");
  });

  it("collapses empty paragraphs and blocks but keeps blocks that hold only an image or an embed", () => {
    expect(sanitize("<p></p><p> &nbsp; </p><p><br></p><h2> </h2><ul><li></li></ul><blockquote><p></p></blockquote><figure></figure><p>Text</p>")).toBe("<p>Text</p>");
    expect(sanitize(`<p><a href="https://example.com/"><img src="${MEDIA}.png" alt=""></a></p>`)).toBe(`<p><a href="https://example.com/" rel="noopener noreferrer nofollow"><img src="${MEDIA}.png" alt="" /></a></p>`);
    expect(sanitize('<ul><li><div data-embed="x" data-url="https://x.com/jack/status/20"></div></li></ul>')).toBe('<ul><li><div data-embed="x" data-url="https://x.com/jack/status/20"></div></li></ul>');
    expect(sanitize("<p>a<strong></strong>b<em> </em>c</p>")).toBe("<p>ab<em> </em>c</p>");
  });

  it("unwraps nestings a parser would undo, so a second pass sees the same tree", () => {
    expect(sanitize("<p>a<span><p>b</p></span>c</p>")).toBe("<p>abc</p>");
    expect(sanitize('<a href="https://a.example/">a<span><a href="https://b.example/">b</a></span></a>')).toBe('<a href="https://a.example/" rel="noopener noreferrer nofollow">ab</a>');
    expect(sanitize("<ul><li>a<span><li>b</li></span></li></ul>")).toBe("<ul><li>ab</li></ul>");
    expect(sanitize("<h2>a<span><h3>b</h3></span></h2>")).toBe("<h2>ab</h2>");
  });

  it("survives very deep nesting without recursion and caps the depth it stores", () => {
    const html = sanitize(`${"<blockquote>".repeat(20_000)}deep`);
    expect(html.match(/<blockquote>/g)).toHaveLength(40);
    expect(html).toContain("deep");
  });

  it("is idempotent on every corpus vector, benign sample and paste sample", () => {
    const inputs = [...XSS_VECTORS, ...BENIGN_SAMPLES.map((sample) => sample.html), GOOGLE_DOCS_PASTE, WORD_PASTE];
    const unstable = inputs.filter((html) => sanitize(sanitize(html)) !== sanitize(html));
    expect(unstable).toEqual([]);
  });
});

describe("entryPlainText", () => {
  it("gives the words with whitespace collapsed and a space at every block edge", () => {
    expect(entryPlainText("<h2>Ohio</h2><p>Polls  close\n at <strong>7:30</strong>.</p><ul><li>One</li><li>Two</li></ul>Line<br>break")).toBe("Ohio Polls close at 7:30. One Two Line break");
  });

  it("decodes entities once and drops script, style and other non-text content", () => {
    expect(entryPlainText("<p>1 &lt; 2 &amp;&amp; &quot;x&quot; &amp;lt;b&amp;gt;&nbsp;end</p><script>alert(1)</script><style>p{}</style><title>t</title>")).toBe('1 < 2 && "x" &lt;b&gt; end');
  });

  it("reads pastes as their visible words", () => {
    expect(entryPlainText(sanitize(GOOGLE_DOCS_PASTE))).toBe("Debate night The candidates took the stage at 9 p.m. sharp, really Follow live First point withdrawn line one line two");
    expect(entryPlainText("")).toBe("");
  });
});
