import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { signOutAction } from "./actions";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return (
    <>
      <header className="topbar">
        <Link href="/admin" className="brand">Ballast</Link>
        <nav aria-label="Main">
          <Link href="/admin">Live blogs</Link>
          {can(user.role, "users:manage") && <Link href="/admin/users">Users</Link>}
          {can(user.role, "users:manage") && <Link href="/admin/tokens">API tokens</Link>}
          {can(user.role, "audit:read") && <Link href="/admin/audit">Audit log</Link>}
          {can(user.role, "system:manage") && <Link href="/admin/system">System</Link>}
        </nav>
        <div className="whoami">
          <span>
            {user.name} <span className="badge">{user.role}</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="link">Sign out</button>
          </form>
        </div>
      </header>
      {user.degraded && (
        <p className="notice error banner" role="status">
          Database unreachable: edits are queued and will be applied when it is back. Nothing is lost.
        </p>
      )}
      <main className="content">{children}</main>
    </>
  );
}
