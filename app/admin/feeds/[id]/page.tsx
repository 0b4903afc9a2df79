import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getFeedAdminViewOrThrow } from "@/lib/feeds/get-feeds-admin-view";
import { RefreshWhilePending } from "../../liveblogs/[slug]/refresh-while-pending";
import { DegradedFeeds } from "../degraded-feeds";
import { FeedActions } from "../feed-actions";
import { FeedForm } from "../feed-form";
import { formatWhen, nextRunSummary, OUTCOME_LABELS } from "../feed-summary";

export const metadata = { title: "Feed" };

export default async function FeedPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("feed:read");
  const { id } = await params;
  const view = await getFeedAdminViewOrThrow({ feedId: id }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (!view) return <DegradedFeeds />;
  const { feed, runs } = view;
  const canEdit = can(user.role, "feed:edit");
  return (
    <>
      <p><Link href="/admin/feeds">← Feeds</Link></p>
      <div className="page-head">
        <h1>{feed.name}</h1>
        {feed.lastOutcome && <span className={`badge outcome-${feed.lastOutcome}`} data-testid="feed-outcome">{OUTCOME_LABELS[feed.lastOutcome]}</span>}
      </div>
      <dl className="small">
        <dt>Published file</dt>
        <dd data-testid="feed-public-url">{feed.publishedVersion ? <a href={feed.publicUrl}>{feed.publicUrl}</a> : <>{feed.publicUrl} <span className="muted">(after the first good fetch)</span></>}</dd>
        <dt>Last good fetch</dt>
        <dd>{formatWhen(feed.lastGoodRunAt)}{feed.publishedVersion ? ` (version ${feed.publishedVersion} published ${formatWhen(feed.publishedAt)})` : ""}</dd>
        <dt>Last run</dt>
        <dd>{feed.lastRunAt ? `${formatWhen(feed.lastRunAt)}: ${feed.lastOutcome ? OUTCOME_LABELS[feed.lastOutcome] : ""}` : "never"}</dd>
        {feed.lastOutcome === "failed" && feed.lastError && (
          <>
            <dt>Error</dt>
            <dd className="field-error" data-testid="feed-last-error">{feed.lastError} (the last good copy stays published)</dd>
          </>
        )}
        <dt>Next run</dt>
        <dd data-testid="feed-next-run">{nextRunSummary(feed)}</dd>
        <dt>Request headers</dt>
        <dd>{feed.headerNames.length > 0 ? feed.headerNames.map((name) => `${name}: set`).join(", ") : "none"}</dd>
      </dl>
      {canEdit && <FeedActions feed={{ id: feed.id, name: feed.name }} openAfter />}
      <section aria-label="Run history">
        <h2>Run history</h2>
        {runs.length === 0 ? (
          <p className="empty">No runs yet.</p>
        ) : (
          <table data-testid="feed-runs">
            <thead>
              <tr><th>Started</th><th>Trigger</th><th>Outcome</th><th>HTTP</th><th>Bytes</th><th>Duration</th><th>Error</th></tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-testid="feed-run">
                  <td>{formatWhen(run.startedAt)}</td>
                  <td>{run.trigger}</td>
                  <td><span className={`badge outcome-${run.outcome}`}>{OUTCOME_LABELS[run.outcome]}{run.version ? ` (v${run.version})` : ""}</span></td>
                  <td>{run.statusCode ?? "—"}</td>
                  <td>{run.bytes?.toLocaleString("en-US") ?? "—"}</td>
                  <td>{run.durationMs} ms</td>
                  <td className="small">{run.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canEdit ? (
        <section aria-label="Edit">
          <h2>Edit</h2>
          <FeedForm
            key={feed.settingsVersion}
            feed={{
              id: feed.id,
              name: feed.name,
              settingsVersion: feed.settingsVersion,
              sourceUrl: feed.sourceUrl,
              format: feed.format,
              itemsPointer: feed.itemsPointer,
              mapping: feed.mapping,
              schedule: feed.schedule,
              timeZone: feed.timeZone,
              timeoutSeconds: feed.timeoutSeconds,
              maxBytes: feed.maxBytes,
              headerNames: feed.headerNames,
            }}
          />
        </section>
      ) : (
        <p className="notice">Your role ({user.role}) can see feeds but not change them.</p>
      )}
      <RefreshWhilePending pending={feed.due} />
    </>
  );
}
