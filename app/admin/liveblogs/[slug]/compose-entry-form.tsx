"use client";
// Writing a new entry: editors post it now or schedule it (and follow their posts until published); contributors
// save it as a draft or submit it for review.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type RefObject } from "react";
import { postEntryAction, saveDraftAction, type TQueuedChange, type TQueuedEntry } from "../actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import type { TEntryKind } from "@/lib/liveblogs/schemas";
import { KindSelect, Notice, newDraftId, useAdminStreamRefresh, useHydrated, useSettleCommand, type TNotice } from "./live-entries";
import { RichTextEditor, type TRichTextEditorHandle } from "./rich-text-editor";

type TPostState = { status: "queued" | "applied" | "published" | "rejected" | "failed"; reason?: string; saveToPublishedMs?: number | null; notPublic?: boolean };
type TMyPost = TQueuedEntry & TPostState;

const storageKey = (liveBlogId: string) => `ballast:my-posts:${liveBlogId}`;
const noop = () => undefined;

// A scheduled post's command ends at "applied": the entry itself is published later, by the scheduler; so does a
// post to a draft blog (published when the blog goes live). A failed one stays failed unless an admin retries it.
const isFinal = (post: TMyPost) =>
  post.status === "published" || post.status === "rejected" || post.status === "failed" || (post.status === "applied" && (Boolean(post.scheduledAt) || Boolean(post.notPublic)));

function describe(post: TMyPost): string {
  switch (post.status) {
    case "queued":
      return post.degraded ? "Queued — waiting for the database" : "Queued";
    case "applied":
      if (post.scheduledAt) return `Scheduled for ${new Date(post.scheduledAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`;
      return post.notPublic ? "Saved — not public until the blog goes live" : "Saved — publishing";
    case "published":
      return post.saveToPublishedMs == null ? "Published" : `Published in ${(post.saveToPublishedMs / 1000).toFixed(1)} s`;
    case "rejected":
      return `Rejected: ${post.reason ?? "no reason given"}`;
    case "failed":
      return `Failed: ${post.reason ?? "no reason given"}`;
  }
}

/** The editor's own recent posts and their states, kept in this browser so they survive a reload during an outage. */
function useMyPosts(liveBlogId: string) {
  const router = useRouter();
  const refreshStream = useAdminStreamRefresh();
  const [posts, setPosts] = useState<TMyPost[]>(() => {
    if (typeof window === "undefined") return [];
    const saved = window.localStorage.getItem(storageKey(liveBlogId));
    return saved ? (JSON.parse(saved) as TMyPost[]) : [];
  });

  useEffect(() => {
    window.localStorage.setItem(storageKey(liveBlogId), JSON.stringify(posts.slice(0, 20)));
    const open = posts.filter((post) => !isFinal(post));
    if (open.length === 0) return;
    const timer = setInterval(async () => {
      const updates = await Promise.all(
        open.map(async (post) => {
          const response = await fetch(`/api/commands/${post.commandId}`, { cache: "no-store" }).catch(() => null);
          return response?.ok ? { commandId: post.commandId, ...((await response.json()) as TPostState & { degraded: boolean }) } : null;
        }),
      );
      const changed = updates.filter(
        (update): update is NonNullable<typeof update> =>
          update !== null && open.some((post) => post.commandId === update.commandId && (post.status !== update.status || post.degraded !== update.degraded || Boolean(post.notPublic) !== Boolean(update.notPublic))),
      );
      if (changed.length === 0) return;
      setPosts((current) => current.map((post) => ({ ...post, ...changed.find((update) => update.commandId === post.commandId) })));
      if (changed.some((update) => update.status === "published" || update.status === "applied")) {
        router.refresh();
        refreshStream();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [posts, liveBlogId, router, refreshStream]);

  const add = (post: TQueuedEntry) => setPosts((current) => [{ ...post, status: "queued" as const }, ...current].slice(0, 20));
  return { posts, add };
}

/** `2026-11-28T14:30` (local, from datetime-local) -> `2026-11-28T14:30:00+01:00`; "" stays "". */
function localDateTimeToIso(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  // Never turn an unreadable time into "post now": let the server reject it.
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function EntryBodyField({ editorRef, placeholder, error, onSubmit }: { editorRef: RefObject<TRichTextEditorHandle | null>; placeholder: string; error?: string; onSubmit: () => void }) {
  return (
    <div className="field">
      <label htmlFor="compose-body">New entry</label>
      <RichTextEditor ref={editorRef} id="compose-body" name="body" label="New entry" placeholder={placeholder} onChange={noop} onSubmit={onSubmit} invalid={Boolean(error)} describedBy={error ? "body-error" : undefined} />
      <FieldError id="body-error" message={error} />
    </div>
  );
}

function PublishComposer({ liveBlogId }: { liveBlogId: string }) {
  const { posts, add } = useMyPosts(liveBlogId);
  const editor = useRef<TRichTextEditorHandle>(null);
  const [kind, setKind] = useState<TEntryKind>("post");
  const [scheduleFor, setScheduleFor] = useState("");
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction<TQueuedEntry>(async (previous, formData) => {
    // The editor is the source of truth; its hidden input may lag a keystroke behind a Ctrl+Enter.
    formData.set("body", editor.current?.getHtml() ?? String(formData.get("body") ?? ""));
    formData.set("scheduledAt", localDateTimeToIso(String(formData.get("scheduleFor") ?? "")));
    formData.delete("scheduleFor");
    const result = await postEntryAction(previous, formData);
    if (result.ok) {
      add(result.data);
      editor.current?.clear();
      setKind("post");
      setScheduleFor("");
    }
    return result;
  });
  // The saved list exists only in the browser: render it after hydration, never on the server.
  const hydrated = useHydrated();
  const submitNow = () => {
    if (!pending) formRef.current?.requestSubmit();
  };
  const scheduling = scheduleFor !== "";

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} className="compose stack" noValidate aria-label="Compose an entry">
        <input type="hidden" name="liveBlogId" value={liveBlogId} />
        <EntryBodyField editorRef={editor} placeholder="What's happening? (Ctrl+Enter to post)" error={fieldErrors.body} onSubmit={submitNow} />
        <div className="row compose-options">
          <KindSelect id="compose-kind" name="kind" value={kind} onChange={setKind} error={fieldErrors.kind} />
          <div className="field">
            <label htmlFor="compose-schedule">Schedule for</label>
            <input
              id="compose-schedule"
              type="datetime-local"
              name="scheduleFor"
              value={scheduleFor}
              onChange={(event) => setScheduleFor(event.target.value)}
              aria-invalid={Boolean(fieldErrors.scheduledAt)}
              aria-describedby={fieldErrors.scheduledAt ? "compose-schedule-hint scheduledAt-error" : "compose-schedule-hint"}
            />
            <span id="compose-schedule-hint" className="muted small">Optional, in your local time. Empty posts now.</span>
            <FieldError id="scheduledAt-error" message={fieldErrors.scheduledAt} />
          </div>
          {scheduling && (
            <button type="button" className="secondary clear-schedule" onClick={() => setScheduleFor("")}>Clear schedule</button>
          )}
        </div>
        <div className="row">
          <button type="submit" disabled={pending}>{pending ? (scheduling ? "Scheduling…" : "Posting…") : scheduling ? "Schedule entry" : "Post entry"}</button>
          <FormError state={state} />
        </div>
      </form>
      {hydrated && posts.length > 0 && (
        <section aria-label="Your recent posts" className="my-posts">
          <h2 className="small">Your recent posts</h2>
          <ul>
            {posts.map((post) => (
              <li key={post.commandId} data-testid="my-post" data-status={post.status}>
                <span className={`badge state-${post.status}`}>{describe(post)}</span> <span className="muted">{post.body.slice(0, 120)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function DraftComposer({ liveBlogId }: { liveBlogId: string }) {
  const refreshStream = useAdminStreamRefresh();
  const settle = useSettleCommand();
  const editor = useRef<TRichTextEditorHandle>(null);
  const [kind, setKind] = useState<TEntryKind>("post");
  const [outcome, setOutcome] = useState<TNotice>(null);
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction<TQueuedChange>(async (_previous, formData) => {
    setOutcome(null);
    const result = await saveDraftAction({
      liveBlogId,
      draftId: newDraftId(),
      body: editor.current?.getHtml() ?? String(formData.get("body") ?? ""),
      kind: String(formData.get("kind") ?? "post") as TEntryKind,
      // Ctrl+Enter has no submitter: it saves without submitting.
      submit: formData.get("intent") === "submit",
    });
    if (result.ok) {
      editor.current?.clear();
      setKind("post");
      if (result.data.degraded) setOutcome({ tone: "status", text: "Queued — waiting for the database" });
      void settle(result.data.commandId).then((settled) => {
        if (settled?.status === "rejected") setOutcome({ tone: "alert", text: `Not saved: ${settled.reason}` });
        else if (settled) setOutcome(null);
        refreshStream();
      });
    }
    return result;
  });
  const submitNow = () => {
    if (!pending) formRef.current?.requestSubmit();
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} className="compose stack" noValidate aria-label="Compose an entry">
      <EntryBodyField editorRef={editor} placeholder="What's happening? (Ctrl+Enter saves a draft)" error={fieldErrors.body} onSubmit={submitNow} />
      <div className="row compose-options">
        <KindSelect id="compose-kind" name="kind" value={kind} onChange={setKind} error={fieldErrors.kind} />
      </div>
      <div className="row">
        <button type="submit" name="intent" value="save" className="secondary" disabled={pending}>Save draft</button>
        <button type="submit" name="intent" value="submit" disabled={pending}>{pending ? "Saving…" : "Submit for review"}</button>
        <FormError state={state} />
      </div>
      <Notice notice={outcome} />
    </form>
  );
}

export function ComposeEntryForm({ liveBlogId, mode = "publish" }: { liveBlogId: string; mode?: "publish" | "draft" }) {
  return mode === "draft" ? <DraftComposer liveBlogId={liveBlogId} /> : <PublishComposer liveBlogId={liveBlogId} />;
}
