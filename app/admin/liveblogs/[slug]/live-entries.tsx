"use client";
// The admin's live view of a blog: one poll of the stream API shared by the entry list and the drafts panel, the
// command tracking its buttons use, and the entry list itself with edit, delete and pin.
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { deleteEntryAction, editEntryAction, pinEntryAction } from "../actions";
import type { TAdminEntry, TAdminStream } from "@/lib/liveblogs/get-admin-stream";
import type { TEntryKind } from "@/lib/liveblogs/schemas";
import { RichTextEditor, type TRichTextEditorHandle } from "./rich-text-editor";

const STREAM_POLL_MS = 2000;
const COMMAND_FIRST_CHECK_MS = 400;
const COMMAND_POLL_MS = 1000;

// ---------------------------------------------------------------------------------------------------------------
// The shared stream

type TAdminStreamState = { data: TAdminStream | null; reconnecting: boolean; refresh: () => void };

const AdminStreamContext = createContext<TAdminStreamState | null>(null);

/** Polls GET /api/liveblogs/:slug/stream every 2 s while the tab is visible; on errors it keeps the last data. */
export function AdminStreamProvider({ slug, initial, children }: { slug: string; initial: TAdminStream | null; children: ReactNode }) {
  const router = useRouter();
  const [data, setData] = useState<TAdminStream | null>(initial);
  const [reconnecting, setReconnecting] = useState(false);
  const pollNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    let cancelled = false;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    const schedule = () => {
      clearTimeout(timer);
      if (!cancelled && !document.hidden) timer = setTimeout(poll, STREAM_POLL_MS);
    };
    async function poll() {
      if (cancelled || document.hidden) return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const response = await fetch(`/api/liveblogs/${encodeURIComponent(slug)}/stream`, { cache: "no-store", signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as TAdminStream;
        if (!Array.isArray(next.entries) || !Array.isArray(next.drafts)) throw new Error("Unexpected stream shape");
        if (!cancelled) {
          setData(next);
          setReconnecting(false);
        }
      } catch {
        if (!cancelled) setReconnecting(true);
      } finally {
        inFlight = false;
      }
      if (again) {
        again = false;
        void poll();
      } else {
        schedule();
      }
    }
    const onVisibilityChange = () => (document.hidden ? clearTimeout(timer) : void poll());

    pollNow.current = () => {
      clearTimeout(timer);
      void poll();
    };
    document.addEventListener("visibilitychange", onVisibilityChange);
    if (initial) schedule();
    else void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      controller.abort();
      document.removeEventListener("visibilitychange", onVisibilityChange);
      pollNow.current = () => undefined;
    };
    // `initial` only decides whether the first poll waits; later server renders must not restart polling.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug]);

  // A new content or published version changes what the server-rendered parts show (publish status, history).
  const seenVersions = useRef(initial ? `${initial.version}/${initial.publishedVersion}` : "");
  useEffect(() => {
    if (!data) return;
    const versions = `${data.version}/${data.publishedVersion}`;
    if (versions === seenVersions.current) return;
    seenVersions.current = versions;
    router.refresh();
  }, [data, router]);

  const refresh = useCallback(() => pollNow.current(), []);
  const value = useMemo(() => ({ data, reconnecting, refresh }), [data, reconnecting, refresh]);
  return <AdminStreamContext.Provider value={value}>{children}</AdminStreamContext.Provider>;
}

export function useAdminStream(): TAdminStreamState {
  const stream = useContext(AdminStreamContext);
  if (!stream) throw new Error("useAdminStream must be used inside <AdminStreamProvider>.");
  return stream;
}

/** Asks the stream to poll now; a no-op outside a provider (the degraded page has none). */
export function useAdminStreamRefresh(): () => void {
  return useContext(AdminStreamContext)?.refresh ?? noop;
}

const noop = () => undefined;

// ---------------------------------------------------------------------------------------------------------------
// Commands: queued changes are applied by a worker; these wait for the outcome.

/** A command that failed (the workers gave up on it) is reported like a rejected one: its author is told why. */
export type TCommandOutcome = { status: "applied" | "published" } | { status: "rejected"; reason: string };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** Polls GET /api/commands/:id until the command is applied, published or rejected; null when aborted. */
async function settleCommand(commandId: string, signal: AbortSignal): Promise<TCommandOutcome | null> {
  let wait = COMMAND_FIRST_CHECK_MS;
  while (!signal.aborted) {
    await sleep(wait, signal);
    wait = COMMAND_POLL_MS;
    if (signal.aborted) break;
    const response = await fetch(`/api/commands/${commandId}`, { cache: "no-store", signal }).catch(() => null);
    const body = response?.ok ? ((await response.json().catch(() => null)) as { status?: string; reason?: string } | null) : null;
    if (body?.status === "rejected") return { status: "rejected", reason: body.reason ?? "Rejected." };
    if (body?.status === "failed") return { status: "rejected", reason: body.reason ?? "The change could not be saved." };
    if (body?.status === "applied" || body?.status === "published") return { status: body.status };
  }
  return null;
}

/** Returns a function that waits for a command's outcome; waiting stops (null) when the component unmounts. */
export function useSettleCommand(): (commandId: string) => Promise<TCommandOutcome | null> {
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    return () => current.abort();
  }, []);
  return useCallback((commandId: string) => {
    const signal = controller.current?.signal;
    return signal ? settleCommand(commandId, signal) : Promise.resolve(null);
  }, []);
}

/** Client-generated ids for new drafts; randomUUID needs a secure context, getRandomValues does not. */
export function newDraftId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Small shared pieces

const subscribeNever = () => noop;

/** False during the server render and hydration, true afterwards: for output that depends on the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

/** UTC on the server (stable for hydration), the reader's local time once hydrated. */
export function LocalTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  const hydrated = useHydrated();
  const utc = `${iso.replace("T", " ").slice(0, seconds ? 19 : 16)} UTC`;
  const local = new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: seconds ? "medium" : "short" });
  return (
    <time dateTime={iso} title={hydrated ? utc : undefined}>
      {hydrated ? local : utc}
    </time>
  );
}

export function KindSelect({ id, name, value, onChange, disabled, error }: { id: string; name?: string; value: TEntryKind; onChange: (kind: TEntryKind) => void; disabled?: boolean; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Kind</label>
      <select id={id} name={name} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as TEntryKind)} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="post">Post</option>
        <option value="key_event">Key event</option>
      </select>
      {error && <span id={`${id}-error`} className="field-error" role="alert">{error}</span>}
    </div>
  );
}

export type TNotice = { tone: "status" | "alert"; text: string } | null;

export function Notice({ notice }: { notice: TNotice }) {
  if (!notice) return null;
  return notice.tone === "alert" ? (
    <p className="notice error" role="alert">{notice.text}</p>
  ) : (
    <p className="muted small" role="status">{notice.text}</p>
  );
}

/** Shown while editing when the stream carries a newer version than the one the edit started from. */
export function ChangedMeanwhile({ what, html, onKeepMine, onLoadTheirs }: { what: "entry" | "draft"; html: string; onKeepMine: () => void; onLoadTheirs: () => void }) {
  return (
    <div className="notice error changed-meanwhile" role="alert">
      <p>Someone else changed this {what} meanwhile. Its current version:</p>
      {/* Reader HTML, sanitised by the server. */}
      <div className="rich changed-meanwhile-html" dangerouslySetInnerHTML={{ __html: html }} />
      <div className="row">
        <button type="button" className="secondary" onClick={onKeepMine}>Keep my text</button>
        <button type="button" className="secondary" onClick={onLoadTheirs}>Load their version</button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The entry list

export type TEditSession = { baseVersion: number; initialHtml: string; kind: TEntryKind; editorKey: number };

/** An inline edit of an entry or a draft: the open session, and focus back on its Edit button once it closes. */
export function useInlineEdit() {
  const editButton = useRef<HTMLButtonElement>(null);
  const restoreFocus = useRef(false);
  const [editing, setEditing] = useState<TEditSession | null>(null);

  useEffect(() => {
    if (editing || !restoreFocus.current) return;
    restoreFocus.current = false;
    editButton.current?.focus();
  }, [editing]);

  const stopEditing = () => {
    restoreFocus.current = true;
    setEditing(null);
  };
  return { editing, setEditing, stopEditing, editButton };
}

function LiveEntry({ entry, liveBlogId, pinned, canPublish }: { entry: TAdminEntry; liveBlogId: string; pinned: boolean; canPublish: boolean }) {
  const refresh = useAdminStreamRefresh();
  const settle = useSettleCommand();
  const editor = useRef<TRichTextEditorHandle>(null);
  const { editing, setEditing, stopEditing, editButton } = useInlineEdit();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice>(null);
  const editorId = `edit-entry-${entry.id}`;

  const startEditing = () => {
    setNotice(null);
    setEditing({ baseVersion: entry.version, initialHtml: entry.body, kind: entry.kind, editorKey: 0 });
  };

  async function saveEdit() {
    if (!editing || busy) return;
    setBusy("Saving…");
    setNotice(null);
    const result = await editEntryAction({ liveBlogId, entryId: entry.id, baseVersion: editing.baseVersion, body: editor.current?.getHtml() ?? "", kind: editing.kind });
    if (!result.ok) {
      setBusy(null);
      setNotice({ tone: "alert", text: result.fieldErrors.body ?? result.error });
      return;
    }
    setNotice({ tone: "status", text: result.data.degraded ? "Queued — waiting for the database" : (result.message ?? "Edit queued.") });
    const outcome = await settle(result.data.commandId);
    if (!outcome) return;
    setBusy(null);
    if (outcome.status === "rejected") {
      setNotice({ tone: "alert", text: outcome.reason });
      return;
    }
    setNotice({ tone: "status", text: "Edit saved." });
    stopEditing();
    refresh();
  }

  async function run(label: string, queue: () => ReturnType<typeof pinEntryAction>, done: string) {
    if (busy) return;
    setBusy(label);
    setNotice(null);
    const result = await queue();
    if (!result.ok) {
      setBusy(null);
      setNotice({ tone: "alert", text: result.error });
      return;
    }
    setNotice({ tone: "status", text: result.data.degraded ? "Queued — waiting for the database" : (result.message ?? "Queued.") });
    const outcome = await settle(result.data.commandId);
    if (!outcome) return;
    setBusy(null);
    setNotice(outcome.status === "rejected" ? { tone: "alert", text: outcome.reason } : { tone: "status", text: done });
    refresh();
  }

  const remove = () => {
    if (!window.confirm(`Delete entry #${entry.seq}? Readers stop seeing it with the next publish.`)) return;
    void run("Deleting…", () => deleteEntryAction({ liveBlogId, entryId: entry.id, baseVersion: entry.version }), "Deleted.");
  };
  const togglePin = () => void run(pinned ? "Unpinning…" : "Pinning…", () => pinEntryAction({ liveBlogId, entryId: pinned ? null : entry.id }), pinned ? "Unpinned." : "Pinned.");

  // Our own save also raises the version: only warn while no save of ours is in flight.
  const changedMeanwhile = editing !== null && busy === null && entry.version > editing.baseVersion;

  return (
    <article className={`entry${entry.kind === "key_event" ? " key-event" : ""}${pinned ? " pinned" : ""}`} data-testid="admin-entry" data-entry-id={entry.id} aria-busy={busy !== null}>
      {(entry.kind === "key_event" || pinned || entry.editedAt) && (
        <p className="entry-meta">
          {entry.kind === "key_event" && <span className="badge key-event">Key event</span>}
          {pinned && <span className="badge pinned">Pinned</span>}
          {entry.editedAt && <span className="badge" title={`Edited ${entry.editedAt}`}>Updated</span>}
        </p>
      )}
      {editing ? (
        <form
          className="stack entry-edit"
          aria-label={`Edit entry #${entry.seq}`}
          onSubmit={(event) => {
            event.preventDefault();
            void saveEdit();
          }}
        >
          <RichTextEditor
            key={editing.editorKey}
            ref={editor}
            id={editorId}
            label="Edit entry"
            initialHtml={editing.initialHtml}
            onChange={noop}
            onSubmit={() => void saveEdit()}
            disabled={busy !== null}
            autoFocus
          />
          <KindSelect id={`${editorId}-kind`} value={editing.kind} onChange={(kind) => setEditing({ ...editing, kind })} disabled={busy !== null} />
          {changedMeanwhile && (
            <ChangedMeanwhile
              what="entry"
              html={entry.html}
              onKeepMine={() => setEditing({ ...editing, baseVersion: entry.version })}
              onLoadTheirs={() => {
                setNotice(null);
                setEditing({ baseVersion: entry.version, initialHtml: entry.body, kind: entry.kind, editorKey: editing.editorKey + 1 });
              }}
            />
          )}
          <div className="row">
            <button type="submit" disabled={busy !== null}>{busy ?? "Save"}</button>
            <button type="button" className="secondary" onClick={stopEditing} disabled={busy !== null}>Cancel</button>
          </div>
        </form>
      ) : (
        // Reader HTML, sanitised by the server (the same HTML readers get).
        <div className="entry-body rich" dangerouslySetInnerHTML={{ __html: entry.html }} />
      )}
      <p className="muted small">
        #{entry.seq} · {entry.authorName} · <LocalTime iso={entry.createdAt} seconds />
      </p>
      {canPublish && !editing && (
        <div className="row entry-actions">
          <button ref={editButton} type="button" className="secondary" onClick={startEditing} disabled={busy !== null}>Edit</button>
          <button type="button" className="secondary" onClick={togglePin} disabled={busy !== null}>{pinned ? "Unpin" : "Pin"}</button>
          <button type="button" className="secondary danger" onClick={remove} disabled={busy !== null}>Delete</button>
          {busy && <span className="muted small">{busy}</span>}
        </div>
      )}
      <Notice notice={notice} />
    </article>
  );
}

/** The newest entries as the stream reports them, newest first; new ones appear without a reload. */
export function LiveEntries({ canPublish }: { canPublish: boolean }) {
  const { data, reconnecting } = useAdminStream();
  return (
    <section className="live-entries" aria-labelledby="entries-heading">
      <div className="row">
        <h2 id="entries-heading">
          Entries <span className="muted">({data?.totalEntries ?? 0})</span>
        </h2>
        {reconnecting && <span className="muted small reconnecting" role="status">Reconnecting…</span>}
      </div>
      {!data ? (
        <p className="muted">Loading entries…</p>
      ) : data.entries.length === 0 ? (
        <p className="empty">No entries yet.</p>
      ) : (
        <ol className="entries" reversed>
          {data.entries.map((entry) => (
            <li key={entry.id}>
              <LiveEntry entry={entry} liveBlogId={data.liveBlogId} pinned={data.pinnedEntryId === entry.id} canPublish={canPublish} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
