// Reader questions: limits and names shared by the public endpoint, the commands, the admin and the renderer.

/** The queue group of a blog's incoming questions: FIFO per blog, apart from the blog's entries, so a burst of
 * questions never delays an editor's post. */
export const QUESTIONS_DOCUMENT_KIND = "liveblog-questions";

/** The actor id of a command sent by a reader (no account): recorded in `commands.actor_id`. */
export const PUBLIC_READER_ACTOR_ID = "00000000-0000-0000-0000-000000000000";

export const MAX_QUESTION_NAME = 80;
export const MAX_QUESTION_TEXT = 1000;
export const MAX_QUESTION_EMAIL = 254;
/** An answer's own text: with the longest quote of a question (escaping can make a character six) it still fits in
 * an entry (MAX_ENTRY_LENGTH, 50,000), so an answer accepted at the door is never refused when applied. */
export const MAX_ANSWER_LENGTH = 40_000;
/** The public body: a question, its id, the honeypot and the proof of work fit in a few KB; anything larger is refused unread. */
export const MAX_QUESTION_BODY_BYTES = 8 * 1024;
/** Approved and answered questions published in the head, newest first. */
export const MAX_PUBLISHED_QUESTIONS = 50;
/** Allowed public origins per blog. */
export const MAX_QUESTION_ORIGINS = 10;

export const QUESTION_STATUSES = ["waiting", "approved", "rejected", "spam", "answered"] as const;
export type TQuestionStatus = (typeof QUESTION_STATUSES)[number];
/** What readers may see. */
export const PUBLISHED_QUESTION_STATUSES: readonly TQuestionStatus[] = ["approved", "answered"];
