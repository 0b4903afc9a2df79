import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listLoginAlerts } from "@/lib/auth/list-login-alerts";
import { signOutAction, signOutEverywhereAction } from "./actions";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  // Admins hear about accounts under attack: the login throttle's audit rows from the last day.
  const loginAlerts = can(user.role, "users:manage") && !user.degraded ? await listLoginAlerts() : [];
  return (
    <>
      <header className="topbar">
        <Link href="/admin" className="brand">Ballast</Link>
        <nav aria-label="Main">
          <Link href="/admin">Live blogs</Link>
          {can(user.role, "banner:read") && <Link href="/admin/banners">Banners</Link>}
          {can(user.role, "page:read") && <Link href="/admin/pages">Pages</Link>}
          {can(user.role, "dataset:read") && <Link href="/admin/datasets">Datasets</Link>}
          {can(user.role, "feed:read") && <Link href="/admin/feeds">Feeds</Link>}
          {can(user.role, "notice:publish") && <Link href="/admin/notice">Emergency notice</Link>}
          {can(user.role, "users:manage") && <Link href="/admin/users">Users</Link>}
          {can(user.role, "users:manage") && <Link href="/admin/tokens">API tokens</Link>}
          {can(user.role, "audit:read") && <Link href="/admin/audit">Audit log</Link>}
          {can(user.role, "system:manage") && <Link href="/admin/system">System</Link>}
          {can(user.role, "webhooks:manage") && <Link href="/admin/webhooks">Webhooks</Link>}
        </nav>
        <div className="whoami">
          <span>
            <Link href="/admin/account" title="Your account: name, password, sessions">{user.name}</Link> <span className="badge">{user.role}</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="link">Sign out</button>
          </form>
          <form action={signOutEverywhereAction}>
            <button type="submit" className="link" title="End your sessions on every device and browser">Sign out everywhere</button>
          </form>
        </div>
      </header>
      {user.degraded && (
        <p className="notice error banner" role="status">
          Database unreachable: edits are queued and will be applied when it is back. Nothing is lost.
        </p>
      )}
      {loginAlerts.length > 0 && (
        <div className="notice banner" role="status">
          Many failed sign-ins in the last day:{" "}
          {loginAlerts.map((alert, index) => (
            <span key={alert.userId}>
              {index > 0 && "; "}
              {alert.email} ({alert.failures} in 15 minutes from {alert.addresses} address{alert.addresses === 1 ? "" : "es"}, at{" "}
              {alert.at.toISOString().slice(11, 16)} UTC)
            </span>
          ))}
          . Sign-in slows down for these accounts but stays open to the right password. <Link href="/admin/audit">Audit log</Link>
        </div>
      )}
      <main className="content">{children}</main>
    </>
  );
}
