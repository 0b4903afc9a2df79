import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readEnv } from "@/lib/env";
import { getLiveBlogOrThrow } from "@/lib/liveblogs/get-liveblog-or-throw";
import { liveBlogHeadKey } from "@/lib/publishing/publish-liveblog";
import { ComposeEntryForm } from "./compose-entry-form";
import { RefreshWhilePending } from "./refresh-while-pending";

export default async function LiveBlogPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser("liveblog:read");
  const { slug } = await params;
  const blog = await getLiveBlogOrThrow(db(), { slug }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const headUrl = `${readEnv().publicBaseUrl}/${liveBlogHeadKey(blog.slug)}`;
  const upToDate = blog.publishedVersion === blog.version;
  return (
    <>
      <p><Link href="/admin">← Live blogs</Link></p>
      <div className="page-head">
        <h1>{blog.title}</h1>
        <span className="badge">{blog.status}</span>
      </div>
      {blog.description && <p className="muted">{blog.description}</p>}

      <section className="publish-status" aria-label="Publish status" data-testid="publish-status">
        {upToDate ? (
          <span className="ok">Published v{blog.publishedVersion}</span>
        ) : (
          <span className="pending">Publishing v{blog.version}…{blog.publishedVersion ? ` (v${blog.publishedVersion} is live)` : ""}</span>
        )}
        {blog.publishStatus.lastError && (
          <span className="error">Last attempt failed ({blog.publishStatus.attempts}×, retrying): {blog.publishStatus.lastError}</span>
        )}
        <a href={headUrl} target="_blank" rel="noreferrer">latest.json</a>
        <RefreshWhilePending pending={!upToDate} />
      </section>

      {can(user.role, "entry:publish") ? (
        <ComposeEntryForm liveBlogId={blog.id} />
      ) : (
        <p className="notice">Your role ({user.role}) can read this live blog but not post to it.</p>
      )}

      <h2>Entries <span className="muted">({blog._count.entries})</span></h2>
      {blog.entries.length === 0 ? (
        <p className="empty">No entries yet.</p>
      ) : (
        <ol className="entries" reversed>
          {blog.entries.map((entry) => (
            <li key={entry.id} className="entry">
              <p className="entry-body">{entry.body}</p>
              <p className="muted small">
                #{entry.seq} · {entry.author.name} · <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
