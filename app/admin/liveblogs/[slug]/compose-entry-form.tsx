"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { postEntryAction, type TQueuedEntry } from "../actions";
import { FieldError, FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { MAX_ENTRY_LENGTH } from "@/lib/liveblogs/schemas";

type TPostState = { status: "queued" | "applied" | "published" | "rejected"; reason?: string; saveToPublishedMs?: number | null };
type TMyPost = TQueuedEntry & TPostState;

const FINAL = new Set(["published", "rejected"]);
const storageKey = (liveBlogId: string) => `ballast:my-posts:${liveBlogId}`;

function describe(post: TMyPost): string {
  switch (post.status) {
    case "queued":
      return post.degraded ? "Queued — waiting for the database" : "Queued";
    case "applied":
      return "Saved — publishing";
    case "published":
      return post.saveToPublishedMs == null ? "Published" : `Published in ${(post.saveToPublishedMs / 1000).toFixed(1)} s`;
    case "rejected":
      return `Rejected: ${post.reason ?? "no reason given"}`;
  }
}

/** The editor's own recent posts and their states, kept in this browser so they survive a reload during an outage. */
function useMyPosts(liveBlogId: string) {
  const router = useRouter();
  const [posts, setPosts] = useState<TMyPost[]>(() => {
    if (typeof window === "undefined") return [];
    const saved = window.localStorage.getItem(storageKey(liveBlogId));
    return saved ? (JSON.parse(saved) as TMyPost[]) : [];
  });

  useEffect(() => {
    window.localStorage.setItem(storageKey(liveBlogId), JSON.stringify(posts.slice(0, 20)));
    const open = posts.filter((post) => !FINAL.has(post.status));
    if (open.length === 0) return;
    const timer = setInterval(async () => {
      const updates = await Promise.all(
        open.map(async (post) => {
          const response = await fetch(`/api/commands/${post.commandId}`, { cache: "no-store" }).catch(() => null);
          return response?.ok ? { commandId: post.commandId, ...((await response.json()) as TPostState & { degraded: boolean }) } : null;
        }),
      );
      const changed = updates.filter((update): update is NonNullable<typeof update> => update !== null && open.some((post) => post.commandId === update.commandId && (post.status !== update.status || post.degraded !== update.degraded)));
      if (changed.length === 0) return;
      setPosts((current) => current.map((post) => ({ ...post, ...changed.find((update) => update.commandId === post.commandId) })));
      if (changed.some((update) => update.status === "published" || update.status === "applied")) router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [posts, liveBlogId, router]);

  const add = (post: TQueuedEntry) => setPosts((current) => [{ ...post, status: "queued" as const }, ...current].slice(0, 20));
  return { posts, add };
}

const subscribeNever = () => () => undefined;

export function ComposeEntryForm({ liveBlogId }: { liveBlogId: string }) {
  const { posts, add } = useMyPosts(liveBlogId);
  const { state, pending, formRef, onSubmit, fieldErrors } = useFormAction<TQueuedEntry>(
    async (previous, formData) => {
      const result = await postEntryAction(previous, formData);
      if (result.ok) add(result.data);
      return result;
    },
    { resetOnSuccess: true },
  );
  // The saved list exists only in the browser: render it after hydration, never on the server.
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

  // Ctrl/Cmd+Enter posts, as in every newsroom tool.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };
  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} className="compose stack" noValidate aria-label="Compose an entry">
        <input type="hidden" name="liveBlogId" value={liveBlogId} />
        <label>
          New entry
          <textarea
            name="body"
            rows={4}
            maxLength={MAX_ENTRY_LENGTH}
            placeholder="What's happening? (Ctrl+Enter to post)"
            onKeyDown={onKeyDown}
            aria-invalid={Boolean(fieldErrors.body)}
            aria-describedby="body-error"
          />
          <FieldError id="body-error" message={fieldErrors.body} />
        </label>
        <div className="row">
          <button type="submit" disabled={pending}>{pending ? "Posting…" : "Post entry"}</button>
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
