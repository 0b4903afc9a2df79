import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getQuestionsAdminView } from "@/lib/questions/get-questions-admin-view";
import { QuestionsModeration } from "./questions-moderation";

export default async function LiveBlogQuestionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser("question:read");
  const { slug } = await params;
  const view = await getQuestionsAdminView({ slug, viewer: user }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <p><Link href={`/admin/liveblogs/${view.slug}`}>← {view.title}</Link></p>
      <div className="page-head">
        <h1>Reader questions</h1>
      </div>
      {!view.enabled ? (
        <p className="notice" data-testid="questions-off">Reader questions are switched off for this live blog: turn them on under <strong>Settings → Reader questions</strong> on its page.</p>
      ) : view.status !== "live" ? (
        <p className="notice">Readers can ask questions only while the blog is live.</p>
      ) : null}
      <p className="muted small">Approved and answered questions are published with the blog (name and question only; the email stays here). Rejecting or marking as spam takes a published question down at the next publish.</p>
      <QuestionsModeration initial={view} canModerate={can(user.role, "question:moderate")} />
    </>
  );
}
