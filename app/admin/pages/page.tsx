import { pagePublicUrl } from "@/lib/render/render-page-publication";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { readEnv } from "@/lib/env";
import { listPages } from "@/lib/pages/list-pages";

export const metadata = { title: "Pages" };

const STATUS_LABELS = { draft: "Draft", live: "Live", archived: "Archived" } as const;

export default async function PagesList() {
  const user = await requirePageUser("page:read");
  const pages = await listPages();
  const canEdit = can(user.role, "page:edit");
  if (!pages) {
    return (
      <p className="notice error" role="alert" data-testid="pages-degraded">
        The list of pages needs the database, which is unreachable. Published pages stay online for readers; edits can be made once it is back.
      </p>
    );
  }
  const { publicBaseUrl } = readEnv();
  return (
    <>
      <div className="page-head">
        <h1>Pages</h1>
        {canEdit && <Link className="button" href="/admin/pages/new">New page</Link>}
      </div>
      <p className="muted">A page is an ordered list of modules (headlines, images, banner slots, live blogs, rich text) published as JSON and as a static HTML page on the CDN: the homepage for the day.</p>
      {pages.length === 0 ? (
        <p className="empty">No pages yet.{canEdit ? " Create the first one, for example the homepage for election day." : ""}</p>
      ) : (
        <table>
          <thead>
            <tr><th>Title</th><th>Slug</th><th>Status</th><th>Version</th><th>Published (UTC)</th><th>Public page</th></tr>
          </thead>
          <tbody>
            {pages.map((page) => (
              <tr key={page.id} data-testid="page-row">
                <td><Link href={`/admin/pages/${page.slug}`}>{page.title}</Link></td>
                <td><code>{page.slug}</code></td>
                <td><span className={`badge status-${page.status}`}>{STATUS_LABELS[page.status]}</span></td>
                <td>{page.publishedVersion === page.version ? `v${page.version}` : `v${page.version} (publishing…)`}</td>
                <td>{page.publishedAt ? page.publishedAt.toISOString().replace("T", " ").slice(0, 19) : "—"}</td>
                <td>{page.status === "live" ? <a href={pagePublicUrl(publicBaseUrl, page.slug)} target="_blank" rel="noreferrer">Open</a> : <span className="muted">not public</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
