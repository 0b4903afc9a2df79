import { readPublishedBanners } from "@/lib/banners/read-published-banners";
import { sanitizeBannerHtml } from "@/lib/banners/sanitize-banner-html";
import { RefreshWhilePending } from "../liveblogs/[slug]/refresh-while-pending";

/** The banner list while the database is unreachable: what readers get now, read back from the publish target. */
export async function DegradedBanners() {
  const head = await readPublishedBanners();
  return (
    <>
      <h1>Banners</h1>
      <p className="notice error" role="alert" data-testid="degraded-notice">
        The database is unreachable, so banners cannot be listed or edited right now. Changes already queued apply when it
        recovers.{head ? ` Below are the banners readers get now (v${head.version}).` : " Nothing could be read back from the published files either."}
      </p>
      {head && head.banners.length > 0 && (
        <table>
          <thead>
            <tr><th>Message</th><th>Severity</th><th>Placements</th><th>Window (UTC)</th><th>Priority</th></tr>
          </thead>
          <tbody>
            {head.banners.map((banner) => (
              <tr key={banner.id}>
                {/* Sanitised when it was rendered for readers. */}
                <td dangerouslySetInnerHTML={{ __html: sanitizeBannerHtml(banner.messageHtml) }} />
                <td>{banner.severity}</td>
                <td>{banner.placements.join(", ")}</td>
                <td>{banner.startsAt ?? "at once"} → {banner.endsAt ?? "until ended"}</td>
                <td>{banner.priority}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RefreshWhilePending pending />
    </>
  );
}
