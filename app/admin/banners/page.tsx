import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { BANNER_PHASE_LABELS } from "@/lib/banners/banner-phase";
import { getBannersAdminView } from "@/lib/banners/get-banners-admin-view";
import { bannerPlainText } from "@/lib/banners/sanitize-banner-html";
import { BannerActions } from "./banner-actions";
import { targetingSummary, windowSummary } from "./banner-summary";
import { DegradedBanners } from "./degraded-banners";
import { BannerSetPublishing } from "./publish-status";
import "./banners.css";

export const metadata = { title: "Banners" };

export default async function BannersPage() {
  const user = await requirePageUser("banner:read");
  const view = await getBannersAdminView();
  if (!view) return <DegradedBanners />;
  const canEdit = can(user.role, "banner:edit");
  return (
    <>
      <div className="page-head">
        <h1>Banners</h1>
        {canEdit && (
          <Link className="button" href="/admin/banners/new">
            New banner
          </Link>
        )}
      </div>
      <BannerSetPublishing set={view.set} history={view.history} canEdit={canEdit} />
      {view.banners.length === 0 ? (
        <p className="empty">No banners yet.{canEdit ? " Create one to tell readers about polling hours, changes to voting rules or where to vote." : ""}</p>
      ) : (
        <table data-testid="banner-list">
          <thead>
            <tr><th>Message</th><th>Phase</th><th>Severity</th><th>Placements</th><th>Who</th><th>Window</th><th>Priority</th>{canEdit && <th>Actions</th>}</tr>
          </thead>
          <tbody>
            {view.banners.map((banner) => {
              const text = bannerPlainText(banner.messageHtml);
              return (
                <tr key={banner.id} data-testid="banner-row" data-banner-id={banner.id}>
                  <td className="banner-message-text">
                    <Link href={`/admin/banners/${banner.id}`}>{text.length > 120 ? `${text.slice(0, 119)}…` : text}</Link>
                  </td>
                  <td><span className={`badge phase-${banner.phase}`} data-testid="banner-phase">{BANNER_PHASE_LABELS[banner.phase]}</span></td>
                  <td><span className={`badge severity-${banner.severity}`}>{banner.severity}</span></td>
                  <td>{banner.placements.join(", ")}</td>
                  <td>{targetingSummary(banner)}</td>
                  <td className="small" data-testid="banner-window">{windowSummary(banner)}</td>
                  <td>{banner.priority}</td>
                  {canEdit && (
                    <td>
                      <BannerActions banner={{ id: banner.id, version: banner.version, phase: banner.phase, messageText: text }} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
