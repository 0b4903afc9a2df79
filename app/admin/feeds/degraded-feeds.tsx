import { RefreshWhilePending } from "../liveblogs/[slug]/refresh-while-pending";

/** The feed pages while the database is unreachable: published feeds keep being served from the target. */
export function DegradedFeeds() {
  return (
    <>
      <h1>Feeds</h1>
      <p className="notice error" role="alert" data-testid="degraded-notice">
        The database is unreachable, so feeds cannot be listed, edited or run right now. Readers keep getting the last good copy of every
        feed from the published files; changes already queued apply, and scheduled runs resume, when it recovers.
      </p>
      <RefreshWhilePending pending />
    </>
  );
}
