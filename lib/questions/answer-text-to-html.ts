// The moderator's answer is typed as plain text: paragraphs on blank lines, line breaks kept, everything escaped.
import { escapeHtmlText } from "./quote-question-html";

export function answerTextToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtmlText(paragraph).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}
