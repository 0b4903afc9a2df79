// The quote that opens an answer entry: the question and its asker as escaped text in a blockquote (paragraphs on
// blank lines, line breaks kept). The entry then goes through the entry sanitiser like any other.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

export function quoteQuestionHtml(question: { name: string; text: string }): string {
  const paragraphs = question.text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtmlText(paragraph).replace(/\r?\n/g, "<br>")}</p>`);
  return `<blockquote>${paragraphs.join("")}<p>— ${escapeHtmlText(question.name)}</p></blockquote>`;
}
