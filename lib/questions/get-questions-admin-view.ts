// What the moderation view polls: the blog's question settings, how many questions wait, the waiting ones (oldest
// first, the order they came in) and the most recently moderated. Moderators (question:read) see the email readers
// left; nothing here is ever published.
import "server-only";
import { db, type Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { assertValidSlugOrThrow } from "../liveblogs/assert-valid-slug";
import { can } from "../auth/permissions";
import { AppError } from "../errors";
import type { TQuestionStatus } from "./constants";

export const WAITING_PAGE_SIZE = 100;
const RECENT_LIMIT = 50;

export type TAdminQuestion = {
  id: string;
  name: string;
  text: string;
  email: string | null;
  status: TQuestionStatus;
  receivedAt: string;
  moderatedAt: string | null;
  moderatorName: string | null;
  answerEntryId: string | null;
};

export type TQuestionsAdminView = {
  liveBlogId: string;
  slug: string;
  title: string;
  status: string;
  enabled: boolean;
  origins: string[];
  waitingCount: number;
  waiting: TAdminQuestion[];
  recent: TAdminQuestion[];
};

type TRow = Omit<TAdminQuestion, "receivedAt" | "moderatedAt"> & { receivedAt: Date; moderatedAt: Date | null };

const toAdmin = (row: TRow): TAdminQuestion => ({ ...row, receivedAt: row.receivedAt.toISOString(), moderatedAt: row.moderatedAt?.toISOString() ?? null });

export async function getQuestionsAdminView(options: { slug: string; viewer: { role: Role } }, database: Db = db()): Promise<TQuestionsAdminView> {
  if (!can(options.viewer.role, "question:read")) throw new AppError("forbidden", `Your role (${options.viewer.role}) cannot read reader questions.`);
  assertValidSlugOrThrow(options.slug);
  const blog = await database.liveBlog.findUnique({ where: { slug: options.slug }, select: { id: true, slug: true, title: true, status: true, questionsEnabled: true, questionOrigins: true } });
  if (!blog) throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
  const [counted] = await database.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM reader_questions WHERE live_blog_id = ${blog.id}::uuid AND status = 'waiting'`;
  const waiting = await database.$queryRaw<TRow[]>`
    SELECT q.id::text AS id, q.name, q.text, q.email, q.status::text AS status, q.received_at AS "receivedAt", q.moderated_at AS "moderatedAt",
      NULL::text AS "moderatorName", q.answer_entry_id::text AS "answerEntryId"
    FROM reader_questions q WHERE q.live_blog_id = ${blog.id}::uuid AND q.status = 'waiting'
    ORDER BY q.received_at, q.id LIMIT ${WAITING_PAGE_SIZE}::int`;
  const recent = await database.$queryRaw<TRow[]>`
    SELECT q.id::text AS id, q.name, q.text, q.email, q.status::text AS status, q.received_at AS "receivedAt", q.moderated_at AS "moderatedAt",
      u.name AS "moderatorName", q.answer_entry_id::text AS "answerEntryId"
    FROM reader_questions q LEFT JOIN users u ON u.id = q.moderated_by_id
    WHERE q.live_blog_id = ${blog.id}::uuid AND q.status <> 'waiting'
    ORDER BY q.moderated_at DESC NULLS LAST, q.id LIMIT ${RECENT_LIMIT}::int`;
  return {
    liveBlogId: blog.id,
    slug: blog.slug,
    title: blog.title,
    status: blog.status,
    enabled: blog.questionsEnabled,
    origins: blog.questionOrigins,
    waitingCount: counted?.count ?? 0,
    waiting: waiting.map(toAdmin),
    recent: recent.map(toAdmin),
  };
}
