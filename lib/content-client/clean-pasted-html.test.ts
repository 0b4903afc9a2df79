import { describe, expect, it } from "vitest";
import { cleanPastedHtml } from "./clean-pasted-html";

describe("cleanPastedHtml", () => {
  it("unwraps Google Docs' not-bold wrapper, keeping real bold inside", () => {
    const pasted =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-aaaa-bbbb-1234567890ab">' +
      '<p dir="ltr"><span style="font-weight:400">Polls close at </span><span style="font-weight:700">7:30</span></p>' +
      "<p><b>Ohio</b> is next</p></b><br class=\"Apple-interchange-newline\">";
    expect(cleanPastedHtml(pasted)).toBe(
      '<p dir="ltr"><span style="font-weight:400">Polls close at </span><span style="font-weight:700">7:30</span></p><p><b>Ohio</b> is next</p><br class="Apple-interchange-newline">',
    );
  });

  it("removes Word's conditional comments, <o:p>, namespace tags, styles and meta", () => {
    const pasted = [
      "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta name=Generator content=\"Microsoft Word 15\">",
      "<style><!-- p.MsoNormal {margin:0cm;} --></style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></head>",
      "<body><!--StartFragment--><p class=MsoNormal>Turnout in <st1:place>Franklin County</st1:place> is up<o:p>&nbsp;</o:p></p>",
      "<p class=MsoListParagraph><![if !supportLists]>·<![endif]>First</p><!--EndFragment--></body></html>",
    ].join("");
    const cleaned = cleanPastedHtml(pasted);
    expect(cleaned).toContain("<p class=MsoNormal>Turnout in Franklin County is up</p>");
    expect(cleaned).toContain("<p class=MsoListParagraph>·First</p>");
    expect(cleaned).not.toMatch(/<!--|<!\[|<style|<meta|<xml|o:p|st1:|MsoNormal \{/i);
  });

  it("leaves ordinary HTML, including ordinary bold, untouched", () => {
    const html = '<p>Hello <b>world</b> and <a href="https://example.com">a link</a></p><ul><li>one</li></ul>';
    expect(cleanPastedHtml(html)).toBe(html);
  });

  it("drops scripts outright", () => {
    expect(cleanPastedHtml("<p>a</p><script>alert(1)</script><p>b</p>")).toBe("<p>a</p><p>b</p>");
  });
});
