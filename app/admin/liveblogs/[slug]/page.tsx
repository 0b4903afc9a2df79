import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readEnv } from "@/lib/env";
import { getLiveBlogAdminViewOrThrow } from "@/lib/liveblogs/get-liveblog-admin-view-or-throw";
import { liveBlogHeadKey, liveBlogPageKey } from "@/lib/publishing/publish-liveblog";
import { DegradedLiveBlog } from "./degraded-liveblog";
import { ComposeEntryForm } from "./compose-entry-form";
import { DraftsPanel } from "./drafts-panel";
import { EmbedSnippet } from "./embed-snippet";
import { AdminStreamProvider, LiveEntries, LocalTime } from "./live-entries";
import { LiveBlogSettingsForm } from "./liveblog-settings-form";
import { GoLiveButton, RepublishButton, ResumePublishingButton, RollbackButton } from "./publish-controls";
import { RefreshWhilePending } from "./refresh-while-pending";
import { QuestionSettingsForm } from "./question-settings-form";
import { WaitingQuestionsCount } from "./questions/questions-moderation";
import { getQuestionsAdminView } from "@/lib/questions/get-questions-admin-view";

const STATUS_LABELS = { draft: "Draft", live: "Live", ended: "Ended", archived: "Archived" } as const;

export default async function LiveBlogPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser("liveblog:read");
  const { slug } = await params;
  // The stream is read here too, so the first paint has the entries the client then keeps polling.
  const view = await getLiveBlogAdminViewOrThrow({ slug, viewer: user }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (!view) return <DegradedLiveBlog slug={slug} canPost={can(user.role, "entry:publish")} />;
  const { blog, history, stream } = view;
  const { publicBaseUrl } = readEnv();
  const headUrl = `${publicBaseUrl}/${liveBlogHeadKey(blog.slug)}`;
  const upToDate = blog.publishedVersion === blog.version;
  // Drafts are private: nothing of a draft is on the CDN (a blog set back to draft is withdrawn at its next publish).
  const isDraft = blog.status === "draft";
  const canEdit = can(user.role, "liveblog:edit");
  const canPublish = can(user.role, "entry:publish");
  const canDraft = can(user.role, "entry:draft");
  const questions = can(user.role, "question:read") ? await getQuestionsAdminView({ slug: blog.slug, viewer: user }) : null;
  return (
    <>
      <p><Link href="/admin">← Live blogs</Link></p>
      <div className="page-head">
        <h1>{blog.title}</h1>
        <span className={`badge status-${blog.status}`} data-testid="liveblog-status">{STATUS_LABELS[blog.status]}</span>
      </div>
      {blog.description && <p className="muted">{blog.description}</p>}
      {isDraft && (
        <section className="notice go-live row" aria-label="Draft" data-testid="draft-notice">
          <span>This live blog is a draft: readers cannot fetch anything of it until it goes live.</span>
          {canEdit && <GoLiveButton liveBlogId={blog.id} />}
        </section>
      )}
      {(blog.coverageStartedAt || blog.coverageEndedAt) && (
        <p className="muted small coverage" data-testid="coverage-times">
          {blog.coverageStartedAt && <>Coverage started <LocalTime iso={blog.coverageStartedAt.toISOString()} /></>}
          {blog.coverageStartedAt && blog.coverageEndedAt && " · "}
          {blog.coverageEndedAt && <>ended <LocalTime iso={blog.coverageEndedAt.toISOString()} /></>}
        </p>
      )}

      <section className="publish-status" aria-label="Publish status" data-testid="publish-status">
        {isDraft ? (
          upToDate || blog.publishedVersion === null ? (
            <span className="muted">Draft: not published</span>
          ) : (
            <span className="pending">Withdrawing from readers…</span>
          )
        ) : blog.rolledBackToVersion !== null ? (
          <span className="pending">Rolled back: readers see the content of v{blog.rolledBackToVersion}; publishing is paused.</span>
        ) : upToDate ? (
          <span className="ok">Published v{blog.publishedVersion}</span>
        ) : (
          <span className="pending">Publishing v{blog.version}…{blog.publishedVersion ? ` (v${blog.publishedVersion} is live)` : ""}</span>
        )}
        {blog.publishStatus.lastError && (
          <span className="error">Last attempt failed ({blog.publishStatus.attempts}×, retrying): {blog.publishStatus.lastError}</span>
        )}
        {blog.publishStatus.pendingJobs > 0 && <span className="muted">{blog.publishStatus.pendingJobs} publish job(s) pending</span>}
        {!isDraft && <a href={headUrl} target="_blank" rel="noreferrer">latest.json</a>}
        {canEdit && !isDraft && (blog.rolledBackToVersion !== null ? <ResumePublishingButton liveBlogId={blog.id} /> : <RepublishButton liveBlogId={blog.id} />)}
        <RefreshWhilePending pending={!upToDate || blog.publishStatus.pendingJobs > 0} />
      </section>

      {questions && (
        <p className="row" data-testid="questions-link">
          <Link href={`/admin/liveblogs/${blog.slug}/questions`}>Reader questions</Link>
          <WaitingQuestionsCount slug={blog.slug} initial={questions.waitingCount} />
          {!questions.enabled && <span className="muted small">switched off</span>}
        </p>
      )}

      {canEdit && (
        <details className="settings">
          <summary>Settings</summary>
          <LiveBlogSettingsForm liveBlog={{ id: blog.id, title: blog.title, description: blog.description, status: blog.status }} />
          {questions && <QuestionSettingsForm liveBlogId={blog.id} enabled={questions.enabled} origins={questions.origins} publicOrigin={new URL(publicBaseUrl).origin} />}
        </details>
      )}

      <AdminStreamProvider slug={blog.slug} initial={stream}>
        {canPublish ? (
          <ComposeEntryForm liveBlogId={blog.id} mode="publish" />
        ) : canDraft ? (
          <ComposeEntryForm liveBlogId={blog.id} mode="draft" />
        ) : (
          <p className="notice">Your role ({user.role}) can read this live blog but not post to it.</p>
        )}
        {canDraft && <DraftsPanel viewerId={user.id} canReview={can(user.role, "entry:review")} />}
        <LiveEntries canPublish={canPublish} />
      </AdminStreamProvider>

      <EmbedSnippet scriptUrl={`${publicBaseUrl}/widgets/ballast.js`} headUrl={headUrl} pageUrl={`${publicBaseUrl}/${liveBlogPageKey(blog.slug)}`} isPublic={!isDraft} />

      {history.length > 0 && (
        <details className="history">
          <summary>Publish history ({history.length} most recent)</summary>
          <table>
            <thead>
              <tr><th>Version</th><th>Kind</th><th>Objects</th><th>Bytes</th><th>Save → visible</th><th>When (UTC)</th><th></th></tr>
            </thead>
            <tbody>
              {history.map((row) => (
                <tr key={String(row.id)}>
                  <td>v{row.version}</td>
                  <td>{row.kind}</td>
                  <td>{row.keys.length}</td>
                  <td>{row.bytes.toLocaleString("en-US")}</td>
                  <td>{row.latencyMs} ms</td>
                  <td>{row.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>{canEdit && !isDraft && row.kind !== "rollback" && row.version !== blog.publishedVersion && <RollbackButton liveBlogId={blog.id} version={row.version} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}
