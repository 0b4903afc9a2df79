"use client";
// The code a site pastes to show the live blog (the published widget reading latest.json), and the static page.
import { useState } from "react";

const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

export function EmbedSnippet({ scriptUrl, headUrl, pageUrl, isPublic }: { scriptUrl: string; headUrl: string; pageUrl: string; isPublic: boolean }) {
  const code = `<script src="${escapeAttribute(scriptUrl)}" data-ballast-liveblog="${escapeAttribute(headUrl)}" async></script>`;
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copyCode() {
    try {
      await navigator.clipboard.writeText(code);
      setCopy("copied");
    } catch {
      // No clipboard access (insecure context, denied): select the code so Ctrl+C works.
      const textarea = document.getElementById("embed-code");
      if (textarea instanceof HTMLTextAreaElement) {
        textarea.focus();
        textarea.select();
      }
      setCopy("failed");
    }
  }

  return (
    <section className="embed-snippet stack" aria-labelledby="embed-heading">
      <h2 id="embed-heading">Embed</h2>
      <div className="field">
        <label htmlFor="embed-code">Embed code</label>
        <textarea id="embed-code" readOnly rows={3} value={code} spellCheck={false} aria-describedby="embed-code-hint" onFocus={(event) => event.currentTarget.select()} />
        {isPublic ? (
          <span id="embed-code-hint" className="muted small">Paste it into any page where the live blog should appear; it updates by itself.</span>
        ) : (
          <span id="embed-code-hint" className="small draft-hint" data-testid="embed-not-public">This live blog is a draft: the embed shows nothing, and it is not public until you go live.</span>
        )}
      </div>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void copyCode()}>Copy</button>
        {isPublic && <a href={pageUrl} target="_blank" rel="noreferrer">Public page</a>}
        {copy === "copied" && <span className="muted small" role="status">Copied.</span>}
        {copy === "failed" && <span className="field-error" role="alert">Could not copy automatically: the code is selected, press Ctrl+C (⌘C on a Mac).</span>}
      </div>
    </section>
  );
}
