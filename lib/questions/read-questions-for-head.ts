// What a live blog's head says about reader questions: the settings the public endpoint reads back (accepting, the
// origins, where to post) and the approved or answered questions, newest first. Never the email or anyone's address.
import type { Prisma } from "../generated/prisma/client";
import { readEnv } from "../env";
import type { TLiveBlogQuestions, TPublishedQuestion } from "../render/schemas";
import { MAX_PUBLISHED_QUESTIONS } from "./constants";

/** The admin server's public origin for questions, as readers' browsers reach it. */
export function questionsEndpointBase(): string {
  const env = readEnv();
  return (env.QUESTIONS_ENDPOINT_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

export function questionSubmitUrl(slug: string): string {
  return `${questionsEndpointBase()}/api/public/liveblogs/${slug}/questions`;
}

type TRow = { enabled: boolean; origins: string[] | null; items: (Omit<TPublishedQuestion, "receivedAt"> & { receivedAt: string })[] };

/** Undefined when the blog neither takes questions nor has published any (its head then has no `questions`). */
export async function readQuestionsForHead(tx: Prisma.TransactionClient, blog: { id: string; slug: string; status: string }): Promise<TLiveBlogQuestions | undefined> {
  const [row] = await tx.$queryRaw<TRow[]>`
    SELECT b.questions_enabled AS enabled, b.question_origins AS origins,
      (SELECT coalesce(json_agg(json_build_object('id', q.id, 'name', q.name, 'text', q.text, 'status', q.status, 'answerEntryId', q.answer_entry_id,
         'receivedAt', q.received_at) ORDER BY q.received_at DESC, q.id), '[]'::json)
       FROM (SELECT * FROM reader_questions WHERE live_blog_id = b.id AND status IN ('approved', 'answered')
             ORDER BY received_at DESC, id LIMIT ${MAX_PUBLISHED_QUESTIONS}::int) q) AS items
    FROM live_blogs b WHERE b.id = ${blog.id}::uuid`;
  if (!row || (!row.enabled && row.items.length === 0)) return undefined;
  const accepting = row.enabled && blog.status === "live";
  return {
    accepting,
    submitUrl: accepting ? questionSubmitUrl(blog.slug) : null,
    origins: row.origins ?? [],
    items: row.items.map((item) => ({ ...item, receivedAt: new Date(item.receivedAt).toISOString() })),
  };
}
