import Link from "next/link";
import { notFound } from "next/navigation";
import { readPublishedLiveBlog } from "@/lib/liveblogs/read-published-liveblog";
import { ComposeEntryForm } from "./compose-entry-form";
import { RefreshWhilePending } from "./refresh-while-pending";

/** The live blog while the database is unreachable: as readers last saw it, with posting still open. */
export async function DegradedLiveBlog({ slug, canPost }: { slug: string; canPost: boolean }) {
  const head = await readPublishedLiveBlog({ slug });
  if (!head) notFound();
  return (
    <>
      <p><Link href="/admin">← Live blogs</Link></p>
      <div className="page-head">
        <h1>{head.liveblog.title}</h1>
        <span className="badge">{head.liveblog.status}</span>
      </div>
      <p className="notice error" role="alert" data-testid="degraded-notice">
        The database is unreachable. You can keep posting: posts are queued and will publish when it recovers. Below is
        the live blog as readers see it now (v{head.version}).
      </p>
      {canPost && <ComposeEntryForm liveBlogId={head.liveblog.id} mode="publish" />}
      <h2>Published entries <span className="muted">({head.totalEntries})</span></h2>
      <ol className="entries" reversed>
        {head.entries.map((entry) => (
          <li key={entry.id}>
            <article className={`entry${entry.kind === "key_event" ? " key-event" : ""}`} data-testid="published-entry" data-entry-id={entry.id}>
              {(entry.kind === "key_event" || head.pinned?.id === entry.id || entry.edited) && (
                <p className="entry-meta">
                  {entry.kind === "key_event" && <span className="badge key-event">Key event</span>}
                  {head.pinned?.id === entry.id && <span className="badge pinned">Pinned</span>}
                  {entry.edited && <span className="badge">Updated</span>}
                </p>
              )}
              {/* Reader HTML from the published head, sanitised when it was rendered. */}
              <div className="entry-body rich" dangerouslySetInnerHTML={{ __html: entry.html }} />
              <p className="muted small">#{entry.seq} · {entry.author.name} · <time dateTime={entry.createdAt}>{entry.createdAt.replace("T", " ").slice(0, 19)} UTC</time></p>
            </article>
          </li>
        ))}
      </ol>
      <RefreshWhilePending pending />
    </>
  );
}
