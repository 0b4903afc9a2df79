import { requirePageUser } from "@/lib/auth/current-user";
import { getSystemStatus } from "@/lib/system/get-system-status";
import { CatchUpCapForm, DeadLetterButtons, PauseResumeForm } from "./system-controls";
import { RefreshWhilePending } from "../liveblogs/[slug]/refresh-while-pending";

export const metadata = { title: "System" };

const seconds = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export default async function SystemPage() {
  await requirePageUser("system:manage");
  const status = await getSystemStatus();
  if (!status.databaseReachable) {
    return (
      <>
        <h1>System</h1>
        <p className="notice error" role="alert">The database is unreachable. Workers are backing off and will catch up when it is back.</p>
        <p data-testid="queue-depth">Write queue: {status.queue.depth} command(s) waiting, oldest {seconds(status.queue.oldestAgeMs)} old.</p>
        <RefreshWhilePending pending />
      </>
    );
  }
  return (
    <>
      <h1>System</h1>
      <section aria-label="Write queue">
        <h2>Write queue <span className="muted small">({status.queue.driver})</span></h2>
        <p data-testid="queue-depth">
          {status.queue.depth} waiting ({status.queue.inFlight} in flight); oldest {seconds(status.queue.oldestAgeMs)} old; {status.queue.deadLetters} dead letter(s).
        </p>
      </section>
      <section aria-label="Workers">
        <h2>Workers {status.controls.paused && <span className="badge warn">paused</span>}</h2>
        <div className="row">
          <PauseResumeForm paused={status.controls.paused} />
          <CatchUpCapForm current={status.controls.maxApplyPerSecond} />
        </div>
        {status.workers.length === 0 ? (
          <p className="empty">No worker has reported in the last minute. Is `npm start` (or `npm run worker`) running?</p>
        ) : (
          <table>
            <thead><tr><th>Worker</th><th>State</th><th>Applied</th><th>Last seen</th><th>Last error</th></tr></thead>
            <tbody>
              {status.workers.map((worker) => (
                <tr key={worker.id}>
                  <td><code>{worker.id}</code></td>
                  <td>{worker.state}</td>
                  <td>{worker.appliedTotal}</td>
                  <td>{worker.lastSeenAt.toISOString().slice(11, 19)} UTC</td>
                  <td className="small">{worker.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Publishing">
        <h2>Publishing</h2>
        <p>
          Save → visible over the last hour: p50 {seconds(status.publishing.p50Ms)}, p95 {seconds(status.publishing.p95Ms)} ({status.publishing.publishesLastHour} publishes); {status.publishing.pendingJobs} publish job(s) pending.
        </p>
      </section>
      <section aria-label="Dead letters">
        <h2>Dead letters</h2>
        {status.deadLetters.length === 0 ? (
          <p className="empty">None. Commands that fail repeatedly land here with their error, for a retry or a discard.</p>
        ) : (
          <table>
            <thead><tr><th>Command</th><th>Attempts</th><th>Error</th><th></th></tr></thead>
            <tbody>
              {status.deadLetters.map((letter) => (
                <tr key={letter.id}>
                  <td><code className="small">{letter.id}</code></td>
                  <td>{letter.attempts}</td>
                  <td className="small">{letter.lastError}</td>
                  <td><DeadLetterButtons id={letter.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
