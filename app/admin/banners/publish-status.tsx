import { readEnv } from "@/lib/env";
import { BANNERS_HEAD_KEY } from "@/lib/banners/constants";
import type { TBannersAdminView } from "@/lib/banners/get-banners-admin-view";
import { RefreshWhilePending } from "../liveblogs/[slug]/refresh-while-pending";
import { RepublishBannersButton, ResumeBannersButton, RollbackBannersButton } from "./publish-controls";

/** The banner set's publish status (with republish / resume), and its publish history with rollback. */
export function BannerSetPublishing({ set, history, canEdit }: { set: TBannersAdminView["set"]; history: TBannersAdminView["history"]; canEdit: boolean }) {
  const upToDate = set.publishedVersion === set.version;
  const headUrl = `${readEnv().publicBaseUrl}/${BANNERS_HEAD_KEY}`;
  return (
    <>
      <section className="publish-status" aria-label="Publish status" data-testid="publish-status">
        {set.rolledBackToVersion !== null ? (
          <span className="pending">Rolled back: readers see the banners of v{set.rolledBackToVersion}; publishing is paused.</span>
        ) : upToDate ? (
          <span className="ok">Published v{set.publishedVersion}</span>
        ) : (
          <span className="pending">Publishing v{set.version}…{set.publishedVersion ? ` (v${set.publishedVersion} is live)` : ""}</span>
        )}
        {set.publishStatus.lastError && <span className="error">Last attempt failed ({set.publishStatus.attempts}×, retrying): {set.publishStatus.lastError}</span>}
        {set.publishStatus.pendingJobs > 0 && <span className="muted">{set.publishStatus.pendingJobs} publish job(s) pending</span>}
        {set.publishedVersion !== null && (
          <a href={headUrl} target="_blank" rel="noreferrer">
            latest.json
          </a>
        )}
        {canEdit && (set.rolledBackToVersion !== null ? <ResumeBannersButton /> : <RepublishBannersButton />)}
        <RefreshWhilePending pending={!upToDate || set.publishStatus.pendingJobs > 0} />
      </section>
      {history.length > 0 && (
        <details className="history">
          <summary>Publish history ({history.length} most recent)</summary>
          <table>
            <thead>
              <tr><th>Version</th><th>Kind</th><th>Bytes</th><th>Save → visible</th><th>When (UTC)</th><th></th></tr>
            </thead>
            <tbody>
              {history.map((row) => (
                <tr key={String(row.id)}>
                  <td>v{row.version}</td>
                  <td>{row.kind}</td>
                  <td>{row.bytes.toLocaleString("en-US")}</td>
                  <td>{row.latencyMs} ms</td>
                  <td>{row.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>{canEdit && row.kind !== "rollback" && row.version !== set.publishedVersion && <RollbackBannersButton version={row.version} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}
