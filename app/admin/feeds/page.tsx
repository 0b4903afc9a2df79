import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getFeedsAdminView } from "@/lib/feeds/get-feeds-admin-view";
import { DegradedFeeds } from "./degraded-feeds";
import { FeedActions } from "./feed-actions";
import { formatWhen, nextRunSummary, OUTCOME_LABELS } from "./feed-summary";

export const metadata = { title: "Feeds" };

export default async function FeedsPage() {
  const user = await requirePageUser("feed:read");
  const view = await getFeedsAdminView();
  if (!view) return <DegradedFeeds />;
  const canEdit = can(user.role, "feed:edit");
  return (
    <>
      <div className="page-head">
        <h1>Feeds</h1>
        {canEdit && (
          <Link className="button" href="/admin/feeds/new">
            New feed
          </Link>
        )}
      </div>
      <p className="muted small">Vendor data copied on a schedule to feeds/&lt;name&gt;.json; when a fetch fails, readers keep the last good copy.</p>
      {view.feeds.length === 0 ? (
        <p className="empty">No feeds yet.{canEdit ? " Create one to copy a vendor's JSON or CSV to the published files on a schedule." : ""}</p>
      ) : (
        <table data-testid="feed-list">
          <thead>
            <tr><th>Name</th><th>Last good fetch</th><th>Last run</th><th>Next run</th><th>Published file</th>{canEdit && <th>Actions</th>}</tr>
          </thead>
          <tbody>
            {view.feeds.map((feed) => (
              <tr key={feed.id} data-testid="feed-row" data-feed-name={feed.name}>
                <td><Link href={`/admin/feeds/${feed.id}`}>{feed.name}</Link> <span className="muted small">{feed.format.toUpperCase()}</span></td>
                <td>{formatWhen(feed.lastGoodRunAt)}</td>
                <td data-testid="feed-last-run">
                  {feed.lastOutcome ? <span className={`badge outcome-${feed.lastOutcome}`}>{OUTCOME_LABELS[feed.lastOutcome]}</span> : <span className="muted">never run</span>}
                  {feed.lastRunAt && <span className="muted small"> {formatWhen(feed.lastRunAt)}</span>}
                  {feed.lastOutcome === "failed" && feed.lastError && <div className="field-error small" data-testid="feed-last-error">{feed.lastError}</div>}
                </td>
                <td>{nextRunSummary(feed)}</td>
                <td className="small">{feed.publishedVersion ? <a href={feed.publicUrl}>{feed.publicUrl}</a> : <span className="muted">not published yet</span>}</td>
                {canEdit && <td><FeedActions feed={{ id: feed.id, name: feed.name }} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
