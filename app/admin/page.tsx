import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listLiveBlogs } from "@/lib/liveblogs/list-liveblogs";

export const metadata = { title: "Live blogs" };

export default async function Dashboard({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const user = await requirePageUser("liveblog:read");
  const { denied } = await searchParams;
  const blogs = await listLiveBlogs();
  if (!blogs) return <p className="empty">The list of live blogs needs the database, which is unreachable. Open a live blog by its address (/admin/liveblogs/&lt;slug&gt;) to keep posting.</p>;
  return (
    <>
      {denied && (
        <p className="notice error" role="alert">
          Your role ({user.role}) does not allow that page.
        </p>
      )}
      <div className="page-head">
        <h1>Live blogs</h1>
        {can(user.role, "liveblog:create") && (
          <Link className="button" href="/admin/liveblogs/new">New live blog</Link>
        )}
      </div>
      {blogs.length === 0 ? (
        <p className="empty">No live blogs yet.{can(user.role, "liveblog:create") ? " Create the first one to start posting." : ""}</p>
      ) : (
        <table>
          <thead>
            <tr><th>Title</th><th>Slug</th><th>Status</th><th>Entries</th><th>Published</th></tr>
          </thead>
          <tbody>
            {blogs.map((blog) => (
              <tr key={blog.id}>
                <td><Link href={`/admin/liveblogs/${blog.slug}`}>{blog.title}</Link></td>
                <td><code>{blog.slug}</code></td>
                <td>{blog.status}</td>
                <td>{blog._count.entries}</td>
                <td>{blog.publishedVersion === blog.version ? `v${blog.version}` : `pending (v${blog.version})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
