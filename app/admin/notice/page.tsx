import { requirePageUser } from "@/lib/auth/current-user";
import { readPublishedNotice } from "@/lib/banners/emergency-notice";
import { listNoticeHistory } from "@/lib/banners/list-notice-history";
import { NoticeForm, RepublishNoticeButton } from "./notice-form";

export const metadata = { title: "Emergency notice" };
export const dynamic = "force-dynamic";

function Utc({ date }: { date: Date | string }) {
  const value = typeof date === "string" ? new Date(date) : date;
  return <time dateTime={value.toISOString()}>{value.toISOString().replace("T", " ").slice(0, 19)} UTC</time>;
}

export default async function NoticePage() {
  const user = await requirePageUser("notice:publish");
  // What readers see comes from the publish target, so this page works while the database is down.
  const [published, history] = await Promise.all([readPublishedNotice().catch(() => null), user.degraded ? { items: [], degraded: true } : listNoticeHistory()]);
  const current = published?.notice?.message ?? "";
  return (
    <>
      <h1>Emergency notice</h1>
      <p className="muted">
        One short sitewide message, shown above every banner wherever the widget runs, for when something is wrong (“New updates are delayed; we are
        working on it”). It is written straight to the published files, so it goes out even while the database is down, and it is recorded in the
        history once the database accepts it.
      </p>
      <section aria-labelledby="notice-now" className="stack">
        <h2 id="notice-now">Readers see now</h2>
        {current ? (
          <p className="notice error" data-testid="notice-current">
            {current} <span className="muted small">(issued <Utc date={published!.notice!.issuedAt} />)</span>
          </p>
        ) : (
          <p className="empty" data-testid="notice-current">No notice.</p>
        )}
      </section>
      <NoticeForm current={current} />
      <section aria-labelledby="notice-history" className="stack">
        <h2 id="notice-history">History</h2>
        {history.degraded ? (
          <p className="notice error" role="status">The database is unreachable: the history is shown once it is back. Notices issued now are queued for it.</p>
        ) : history.items.length === 0 ? (
          <p className="empty">No notice has been issued yet.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Issued</th><th>Message</th><th>By</th><th>Recorded</th><th aria-label="Actions"></th></tr>
            </thead>
            <tbody>
              {history.items.map((item) => (
                <tr key={item.id}>
                  <td><Utc date={item.issuedAt} /></td>
                  <td>{item.message === "" ? <span className="muted">(cleared)</span> : item.message}</td>
                  <td>{item.issuedBy.name}</td>
                  <td><Utc date={item.recordedAt} /></td>
                  <td>{item.message !== "" && item.message !== current && <RepublishNoticeButton message={item.message} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
