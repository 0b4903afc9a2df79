"use client";
// Drafts beside the live stream: the review queue (submitted and scheduled) for editors, their own drafts for
// contributors. Data comes from the shared stream poll.
import { useRef, useState } from "react";
import { discardDraftAction, reviewDraftAction, saveDraftAction, type TQueuedChange } from "../actions";
import type { TActionResult } from "@/lib/errors";
import type { TAdminDraft } from "@/lib/liveblogs/get-admin-stream";
import { ChangedMeanwhile, KindSelect, LocalTime, Notice, useAdminStream, useInlineEdit, useSettleCommand, type TNotice } from "./live-entries";
import { RichTextEditor, type TRichTextEditorHandle } from "./rich-text-editor";

type TAnnounce = (text: string) => void;
type TQueue = () => Promise<TActionResult<TQueuedChange>>;

const noop = () => undefined;

/**
 * Queues a draft command and waits for it: success messages go to the panel (the item may vanish from the stream),
 * failures stay on the item. Returns true once the command was applied.
 */
function useDraftCommand(announce: TAnnounce) {
  const { refresh } = useAdminStream();
  const settle = useSettleCommand();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice>(null);

  async function run(label: string, queue: TQueue): Promise<boolean> {
    if (busy) return false;
    setBusy(label);
    setNotice(null);
    const result = await queue();
    if (!result.ok) {
      setBusy(null);
      setNotice({ tone: "alert", text: result.fieldErrors.body ?? result.fieldErrors.note ?? result.error });
      return false;
    }
    announce(result.data.degraded ? "Queued — waiting for the database" : (result.message ?? "Queued."));
    const outcome = await settle(result.data.commandId);
    if (!outcome) return false;
    setBusy(null);
    refresh();
    if (outcome.status === "rejected") {
      setNotice({ tone: "alert", text: outcome.reason });
      return false;
    }
    return true;
  }
  return { busy, notice, run };
}

function DraftMeta({ draft }: { draft: TAdminDraft }) {
  return (
    <p className="entry-meta">
      {draft.kind === "key_event" && <span className="badge key-event">Key event</span>}
      <span className="muted small">
        By {draft.authorName} · <LocalTime iso={draft.updatedAt} />
      </span>
    </p>
  );
}

function DraftPreview({ draft }: { draft: TAdminDraft }) {
  // Reader HTML, sanitised by the server.
  return <div className="draft-body rich" dangerouslySetInnerHTML={{ __html: draft.html }} />;
}

function ReviewItem({ draft, liveBlogId, announce }: { draft: TAdminDraft; liveBlogId: string; announce: TAnnounce }) {
  const { busy, notice, run } = useDraftCommand(announce);
  const [note, setNote] = useState("");
  const review = (decision: "approve" | "return") =>
    void run(decision === "approve" ? "Approving…" : "Sending back…", () => reviewDraftAction({ liveBlogId, draftId: draft.id, decision, note }));
  return (
    <article className="entry draft" data-testid="review-draft" data-draft-id={draft.id} aria-busy={busy !== null}>
      <DraftMeta draft={draft} />
      <DraftPreview draft={draft} />
      <label>
        Note to the author
        <textarea rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} disabled={busy !== null} />
      </label>
      <div className="row entry-actions">
        <button type="button" onClick={() => review("approve")} disabled={busy !== null}>Approve</button>
        <button type="button" className="secondary" onClick={() => review("return")} disabled={busy !== null}>Send back</button>
        {busy && <span className="muted small">{busy}</span>}
      </div>
      <Notice notice={notice} />
    </article>
  );
}

function ScheduledItem({ draft, liveBlogId, announce }: { draft: TAdminDraft; liveBlogId: string; announce: TAnnounce }) {
  const { busy, notice, run } = useDraftCommand(announce);
  return (
    <article className="entry draft" data-testid="scheduled-entry" data-draft-id={draft.id} aria-busy={busy !== null}>
      <p className="entry-meta">
        <span className="badge state-scheduled">Scheduled for {draft.scheduledAt ? <LocalTime iso={draft.scheduledAt} /> : "—"}</span>
        {draft.kind === "key_event" && <span className="badge key-event">Key event</span>}
        <span className="muted small">By {draft.authorName}</span>
      </p>
      <DraftPreview draft={draft} />
      <div className="row entry-actions">
        <button type="button" className="secondary" onClick={() => void run("Cancelling…", () => discardDraftAction({ liveBlogId, draftId: draft.id }))} disabled={busy !== null}>Cancel</button>
        {busy && <span className="muted small">{busy}</span>}
      </div>
      <Notice notice={notice} />
    </article>
  );
}

function draftStatusText(draft: TAdminDraft): string {
  switch (draft.status) {
    case "draft":
      return "Draft";
    case "submitted":
      return "Waiting for review";
    case "returned":
      return draft.reviewNote ? `Sent back: ${draft.reviewNote}` : "Sent back";
    case "scheduled":
      return "Scheduled";
  }
}

function MyDraftItem({ draft, liveBlogId, announce }: { draft: TAdminDraft; liveBlogId: string; announce: TAnnounce }) {
  const { busy, notice, run } = useDraftCommand(announce);
  const editor = useRef<TRichTextEditorHandle>(null);
  const { editing, setEditing, stopEditing, editButton } = useInlineEdit();
  const editorId = `edit-draft-${draft.id}`;

  async function save(submit: boolean) {
    if (!editing) return;
    const body = editor.current?.getHtml() ?? "";
    const saved = await run(submit ? "Submitting…" : "Saving…", () => saveDraftAction({ liveBlogId, draftId: draft.id, body, kind: editing.kind, baseVersion: editing.baseVersion, submit }));
    if (saved) stopEditing();
  }

  const changedMeanwhile = editing !== null && busy === null && draft.version > editing.baseVersion;

  return (
    <article className="entry draft" data-testid="my-draft" data-draft-id={draft.id} data-status={draft.status} aria-busy={busy !== null}>
      <p className="entry-meta">
        <span className={`badge state-${draft.status}`}>{draftStatusText(draft)}</span>
        {draft.status === "scheduled" && draft.scheduledAt && <LocalTime iso={draft.scheduledAt} />}
        {draft.kind === "key_event" && <span className="badge key-event">Key event</span>}
        <span className="muted small">
          Last saved <LocalTime iso={draft.updatedAt} />
        </span>
      </p>
      {editing ? (
        <form
          className="stack entry-edit"
          aria-label="Edit draft"
          onSubmit={(event) => {
            event.preventDefault();
            void save((event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "submit");
          }}
        >
          <RichTextEditor key={editing.editorKey} ref={editor} id={editorId} label="Edit draft" initialHtml={editing.initialHtml} onChange={noop} onSubmit={() => void save(false)} disabled={busy !== null} autoFocus />
          <KindSelect id={`${editorId}-kind`} value={editing.kind} onChange={(kind) => setEditing({ ...editing, kind })} disabled={busy !== null} />
          {changedMeanwhile && (
            <ChangedMeanwhile
              what="draft"
              html={draft.html}
              onKeepMine={() => setEditing({ ...editing, baseVersion: draft.version })}
              onLoadTheirs={() => setEditing({ baseVersion: draft.version, initialHtml: draft.body, kind: draft.kind, editorKey: editing.editorKey + 1 })}
            />
          )}
          <div className="row">
            <button type="submit" name="intent" value="save" className="secondary" disabled={busy !== null}>Save draft</button>
            <button type="submit" name="intent" value="submit" disabled={busy !== null}>Submit for review</button>
            <button type="button" className="secondary" onClick={stopEditing} disabled={busy !== null}>Cancel</button>
            {busy && <span className="muted small">{busy}</span>}
          </div>
        </form>
      ) : (
        <DraftPreview draft={draft} />
      )}
      {!editing && (
        <div className="row entry-actions">
          {draft.status !== "scheduled" && (
            <button
              ref={editButton}
              type="button"
              className="secondary"
              onClick={() => setEditing({ baseVersion: draft.version, initialHtml: draft.body, kind: draft.kind, editorKey: 0 })}
              disabled={busy !== null}
            >
              Edit
            </button>
          )}
          <button type="button" className="secondary danger" onClick={() => void run("Discarding…", () => discardDraftAction({ liveBlogId, draftId: draft.id }))} disabled={busy !== null}>Discard</button>
          {busy && <span className="muted small">{busy}</span>}
        </div>
      )}
      <Notice notice={notice} />
    </article>
  );
}

export function DraftsPanel({ viewerId, canReview }: { viewerId: string; canReview: boolean }) {
  const { data } = useAdminStream();
  const [announcement, setAnnouncement] = useState<string | null>(null);
  if (!data) return null;
  const { liveBlogId, drafts } = data;
  const submitted = canReview ? drafts.filter((draft) => draft.status === "submitted") : [];
  const scheduled = canReview ? drafts.filter((draft) => draft.status === "scheduled").sort((a, b) => (a.scheduledAt ?? "").localeCompare(b.scheduledAt ?? "")) : [];
  // Editors see the queue plus their own unfinished drafts; contributors see everything of theirs.
  const mine = canReview ? drafts.filter((draft) => draft.authorId === viewerId && (draft.status === "draft" || draft.status === "returned")) : drafts;
  const announce = (text: string) => setAnnouncement(text);
  const status = announcement && (
    <p className="notice success" role="status">
      {announcement}
    </p>
  );

  return (
    <>
      {canReview && (
        <section className="drafts-panel" aria-label="Review queue">
          <h2>
            Review queue <span className="muted">({submitted.length + scheduled.length})</span>
          </h2>
          {status}
          {submitted.length === 0 && scheduled.length === 0 && <p className="muted">Nothing is waiting for review or scheduled.</p>}
          {submitted.length > 0 && (
            <>
              <h3>Waiting for review</h3>
              <ul className="entries">
                {submitted.map((draft) => (
                  <li key={draft.id}>
                    <ReviewItem draft={draft} liveBlogId={liveBlogId} announce={announce} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {scheduled.length > 0 && (
            <>
              <h3>Scheduled</h3>
              <ul className="entries">
                {scheduled.map((draft) => (
                  <li key={draft.id}>
                    <ScheduledItem draft={draft} liveBlogId={liveBlogId} announce={announce} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {(!canReview || mine.length > 0) && (
        <section className="drafts-panel" aria-label="Your drafts">
          <h2>
            Your drafts <span className="muted">({mine.length})</span>
          </h2>
          {!canReview && status}
          {mine.length === 0 ? (
            <p className="muted">No drafts. Write one above, then submit it for review.</p>
          ) : (
            <ul className="entries">
              {mine.map((draft) => (
                <li key={draft.id}>
                  <MyDraftItem draft={draft} liveBlogId={liveBlogId} announce={announce} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
