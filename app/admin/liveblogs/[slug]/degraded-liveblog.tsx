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
      {canPost && <ComposeEntryForm liveBlogId={head.liveblog.id} />}
      <h2>Published entries <span className="muted">({head.totalEntries})</span></h2>
      <ol className="entries" reversed>
        {head.entries.map((entry) => (
          <li key={entry.id} className="entry">
            <p className="entry-body">{entry.body}</p>
            <p className="muted small">#{entry.seq} · {entry.author.name}</p>
          </li>
        ))}
      </ol>
      <RefreshWhilePending pending />
    </>
  );
}
