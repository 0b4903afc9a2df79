import { listDatasetNames } from "@/lib/datasets/list-dataset-names";
import { pagePublicUrl } from "@/lib/render/render-page-publication";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readEnv } from "@/lib/env";
import { getPageAdminViewOrThrow } from "@/lib/pages/get-page-admin-view-or-throw";
import { RefreshWhilePending } from "../../liveblogs/[slug]/refresh-while-pending";
import { LocalTime } from "../../liveblogs/[slug]/live-entries";
import { PageEditor } from "./page-editor";
import { CancelScheduleButton, RepublishPageButton, ResumePagePublishingButton, RollbackPageButton } from "./publish-controls";

const STATUS_LABELS = { draft: "Draft", live: "Live", archived: "Archived" } as const;
const SCHEDULE_LABELS = { scheduled: "Pending", applied: "Went live", cancelled: "Cancelled" } as const;

const utc = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;

export default async function PageEditorPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser("page:read");
  const { slug } = await params;
  const view = await getPageAdminViewOrThrow({ slug }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (!view) {
    return (
      <>
        <p><Link href="/admin/pages">← Pages</Link></p>
        <p className="notice error" role="alert" data-testid="page-degraded">
          The database is unreachable, so this page cannot be edited right now. What readers see stays online; come back when the database has recovered.
        </p>
        <RefreshWhilePending pending />
      </>
    );
  }
  const { page, schedules, history, publication, liveBlogs } = view;
  const datasets = await listDatasetNames();
  const { publicBaseUrl } = readEnv();
  const canEdit = can(user.role, "page:edit");
  const isLive = page.status === "live";
  const upToDate = page.publishedVersion === page.version;
  const publicUrl = pagePublicUrl(publicBaseUrl, page.slug);
  const pending = schedules.filter((schedule) => schedule.status === "scheduled");
  const past = schedules.filter((schedule) => schedule.status !== "scheduled");
  return (
    <>
      <p><Link href="/admin/pages">← Pages</Link></p>
      <div className="page-head">
        <h1>{page.title}</h1>
        <span className={`badge status-${page.status}`} data-testid="page-status">{STATUS_LABELS[page.status]}</span>
      </div>

      <section className="publish-status" aria-label="Publish status" data-testid="page-publish-status">
        {!isLive ? (
          upToDate || page.publishedVersion === null ? <span className="muted">{page.status === "draft" ? "Draft" : "Archived"}: not public</span> : <span className="pending">Withdrawing from readers…</span>
        ) : publication.rolledBackToVersion !== null ? (
          <span className="pending">Rolled back: readers see the content of v{publication.rolledBackToVersion}; publishing is paused.</span>
        ) : upToDate ? (
          <span className="ok">Published v{page.publishedVersion}</span>
        ) : (
          <span className="pending">Publishing v{page.version}…{page.publishedVersion ? ` (v${page.publishedVersion} is out)` : ""}</span>
        )}
        {publication.lastError && <span className="error">Last attempt failed ({publication.attempts}×, retrying): {publication.lastError}</span>}
        {publication.pendingJobs > 0 && <span className="muted">{publication.pendingJobs} publish job(s) pending</span>}
        {isLive && (
          <a href={publicUrl} target="_blank" rel="noreferrer" data-testid="page-public-url">{publicUrl}</a>
        )}
        {canEdit && isLive && (publication.rolledBackToVersion !== null ? <ResumePagePublishingButton pageId={page.id} /> : <RepublishPageButton pageId={page.id} />)}
        <RefreshWhilePending pending={!upToDate || publication.pendingJobs > 0} />
      </section>
      {!canEdit && <p className="notice">Your role ({user.role}) can read this page but not change it.</p>}

      <PageEditor page={page} liveBlogs={liveBlogs} datasets={datasets} canEdit={canEdit} mediaBaseUrl={publicBaseUrl} />

      <section aria-label="Scheduled versions" className="stack">
        <h2>Scheduled versions</h2>
        {pending.length === 0 ? (
          <p className="muted">No version is scheduled.</p>
        ) : (
          <ul data-testid="page-schedules">
            {pending.map((schedule) => (
              <li key={schedule.id} className="row">
                <span>
                  “{schedule.title}” goes live <LocalTime iso={schedule.goLiveAt.toISOString()} /> ({utc(schedule.goLiveAt)}), by {schedule.createdBy.name}
                </span>
                {canEdit && <CancelScheduleButton pageId={page.id} scheduleId={schedule.id} when={utc(schedule.goLiveAt)} />}
              </li>
            ))}
          </ul>
        )}
        {past.length > 0 && (
          <details>
            <summary>Earlier schedules ({past.length})</summary>
            <ul>
              {past.map((schedule) => (
                <li key={schedule.id}>
                  {SCHEDULE_LABELS[schedule.status]}: “{schedule.title}”, {utc(schedule.goLiveAt)}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

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
                  <td>{canEdit && isLive && row.kind !== "rollback" && row.version !== page.publishedVersion && <RollbackPageButton pageId={page.id} version={row.version} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}
