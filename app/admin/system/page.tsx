import { requirePageUser } from "@/lib/auth/current-user";
import { getSystemStatus } from "@/lib/system/get-system-status";
import { CatchUpCapForm, DeadLetterButtons, PauseResumeForm } from "./system-controls";
import { RefreshWhilePending } from "../liveblogs/[slug]/refresh-while-pending";

export const metadata = { title: "System" };

const seconds = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

// The queue, the workers and their controls live outside Postgres: all of this page but publishing works while it is down.
export default async function SystemPage() {
  await requirePageUser("system:manage");
  const status = await getSystemStatus();
  return (
    <>
      <h1>System</h1>
      {!status.databaseReachable && (
        <p className="notice error" role="alert" data-testid="database-unreachable">
          The database is unreachable. Posts are queued; workers probe it every second and catch up when it is back. Pause
          and resume still work.
        </p>
      )}
      <section aria-label="Write queue">
        <h2>Write queue <span className="muted small">({status.queue.driver})</span></h2>
        <p data-testid="queue-depth">
          {status.queue.depth} waiting ({status.queue.inFlight} in flight); oldest {seconds(status.queue.oldestAgeMs)} old; {status.queue.deadLetters} dead letter(s).
        </p>
      </section>
      <section aria-label="Workers">
        <h2>
          Workers{" "}
          <span className={status.controls.paused ? "badge warn" : "badge"} data-testid="worker-controls-state">
            {status.controls.paused ? "paused" : "running"}
          </span>
        </h2>
        <p className="muted small" data-testid="worker-controls">
          Catch-up cap: {status.controls.maxApplyPerSecond ? `${status.controls.maxApplyPerSecond} commands/s per worker` : "none"}. Kept in {status.controlStore}.
          {status.unauditedChanges > 0 && ` ${status.unauditedChanges} change(s) will be written to the audit log when the database is back.`}
        </p>
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
                <tr key={worker.id} data-testid="worker-row">
                  <td><code>{worker.id}</code></td>
                  <td>{worker.state}</td>
                  <td>{worker.appliedTotal}</td>
                  <td>{clock(worker.lastSeenAtMs)}</td>
                  <td className="small">{worker.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Publishing">
        <h2>Publishing</h2>
        {status.publishing ? (
          <p>
            Save → visible over the last hour: p50 {seconds(status.publishing.p50Ms)}, p95 {seconds(status.publishing.p95Ms)} ({status.publishing.publishesLastHour} publishes); {status.publishing.pendingJobs} publish job(s) pending.
          </p>
        ) : (
          <p className="muted">Unknown while the database is unreachable.</p>
        )}
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
                  <td>{status.databaseReachable ? <DeadLetterButtons id={letter.id} /> : <span className="muted small">Retry and Discard return with the database.</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <RefreshWhilePending pending={!status.databaseReachable || status.queue.depth > 0} />
    </>
  );
}
