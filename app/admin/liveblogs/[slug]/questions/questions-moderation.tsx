"use client";
// The moderation view: polls GET /api/liveblogs/:slug/questions every 2 s while the tab is visible (like the
// newsroom stream), with the live count of waiting questions and, per question, Approve, Reject, Spam and Answer.
// Questions are plain text: rendered as React text nodes, never as HTML.
import { useCallback, useEffect, useRef, useState } from "react";
import type { TActionResult } from "@/lib/errors";
import type { TAdminQuestion, TQuestionsAdminView } from "@/lib/questions/get-questions-admin-view";
import { answerQuestionAction, moderateQuestionAction, type TQueuedQuestionChange } from "./actions";

const POLL_MS = 2000;

const STATUS_LABELS: Record<TAdminQuestion["status"], string> = { waiting: "Waiting", approved: "Approved (published)", rejected: "Rejected", spam: "Spam", answered: "Answered (published)" };

function usePolledView(slug: string, initial: TQuestionsAdminView) {
  const [view, setView] = useState(initial);
  const [reconnecting, setReconnecting] = useState(false);
  const pollNow = useRef<() => void>(() => undefined);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    async function poll() {
      clearTimeout(timer);
      if (cancelled || document.hidden) return;
      try {
        const response = await fetch(`/api/liveblogs/${encodeURIComponent(slug)}/questions`, { cache: "no-store", signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as TQuestionsAdminView;
        if (!Array.isArray(next.waiting)) throw new Error("Unexpected shape");
        if (!cancelled) {
          setView(next);
          setReconnecting(false);
        }
      } catch {
        if (!cancelled) setReconnecting(true);
      }
      if (!cancelled && !document.hidden) timer = setTimeout(poll, POLL_MS);
    }
    const onVisibility = () => (document.hidden ? clearTimeout(timer) : void poll());
    pollNow.current = () => void poll();
    document.addEventListener("visibilitychange", onVisibility);
    timer = setTimeout(poll, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      controller.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [slug]);
  return { view, reconnecting, refresh: useCallback(() => pollNow.current(), []) };
}

function QuestionCard({ question, liveBlogId, canModerate, onChanged }: { question: TAdminQuestion; liveBlogId: string; canModerate: boolean; onChanged: (message: string) => void }) {
  const [pending, setPending] = useState(false);
  const [answering, setAnswering] = useState(false);
  const [result, setResult] = useState<TActionResult<TQueuedQuestionChange> | null>(null);
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const answerId = `answer-${question.id}`;

  const run = async (action: typeof moderateQuestionAction, fields: Record<string, string>) => {
    const formData = new FormData();
    formData.set("liveBlogId", liveBlogId);
    formData.set("questionId", question.id);
    for (const [name, value] of Object.entries(fields)) formData.set(name, value);
    setPending(true);
    const outcome = await action(null, formData);
    setPending(false);
    setResult(outcome);
    if (outcome.ok) {
      setAnswering(false);
      onChanged(outcome.message ?? "Queued.");
    }
  };

  useEffect(() => {
    if (answering) answerRef.current?.focus();
  }, [answering]);

  const received = new Date(question.receivedAt);
  return (
    <li className="question" data-testid="question" data-question-id={question.id} data-status={question.status}>
      <div className="row small muted">
        <strong className="question-name" data-testid="question-name">{question.name}</strong>
        {question.email && <span data-testid="question-email">{question.email}</span>}
        <time dateTime={question.receivedAt} title={received.toISOString()}>{received.toLocaleString()}</time>
        {question.status !== "waiting" && <span className={`badge question-${question.status}`}>{STATUS_LABELS[question.status]}</span>}
        {question.moderatorName && <span>by {question.moderatorName}</span>}
      </div>
      <p className="question-text" data-testid="question-text">{question.text}</p>
      {canModerate && (
        <div className="row" role="group" aria-label={`Moderate the question from ${question.name}`}>
          {question.status !== "approved" && question.status !== "answered" && (
            <button type="button" disabled={pending} onClick={() => run(moderateQuestionAction, { decision: "approve" })}>Approve</button>
          )}
          {question.status !== "answered" && (
            <button type="button" className="secondary" disabled={pending} onClick={() => setAnswering((open) => !open)} aria-expanded={answering} aria-controls={answerId}>Answer…</button>
          )}
          {question.status !== "rejected" && (
            <button type="button" className="secondary" disabled={pending} onClick={() => run(moderateQuestionAction, { decision: "reject" })}>Reject</button>
          )}
          {question.status !== "spam" && (
            <button type="button" className="secondary" disabled={pending} onClick={() => run(moderateQuestionAction, { decision: "spam" })}>Spam</button>
          )}
        </div>
      )}
      {answering && (
        <form
          id={answerId}
          className="stack narrow"
          onSubmit={(event) => {
            event.preventDefault();
            void run(answerQuestionAction, { answer: answerRef.current?.value ?? "" });
          }}
        >
          <div className="field">
            <label htmlFor={`${answerId}-text`}>Your answer (posted as an entry that quotes the question)</label>
            <textarea
              id={`${answerId}-text`}
              ref={answerRef}
              name="answer"
              rows={4}
              required
              aria-invalid={Boolean(result && !result.ok && result.fieldErrors.answer)}
              aria-describedby={result && !result.ok && result.fieldErrors.answer ? `${answerId}-error` : undefined}
              onKeyDown={(event) => {
                if (event.key === "Escape") setAnswering(false);
              }}
            />
            {result && !result.ok && result.fieldErrors.answer && <span id={`${answerId}-error`} className="field-error" role="alert">{result.fieldErrors.answer}</span>}
          </div>
          <div className="row">
            <button type="submit" disabled={pending}>{pending ? "Posting…" : "Post answer"}</button>
            <button type="button" className="secondary" onClick={() => setAnswering(false)}>Cancel</button>
          </div>
        </form>
      )}
      {result && !result.ok && !result.fieldErrors.answer && <p className="notice error" role="alert">{result.error}</p>}
    </li>
  );
}

export function QuestionsModeration({ initial, canModerate }: { initial: TQuestionsAdminView; canModerate: boolean }) {
  const { view, reconnecting, refresh } = usePolledView(initial.slug, initial);
  const [announcement, setAnnouncement] = useState("");
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  // A moderated question leaves the waiting list at once; the next poll confirms it (or brings it back, rejected).
  const onChanged = (questionId: string) => (message: string) => {
    setAnnouncement(message);
    setHidden((previous) => new Set(previous).add(questionId));
    refresh();
  };
  const waiting = view.waiting.filter((question) => !hidden.has(question.id));
  const waitingCount = Math.max(0, view.waitingCount - (view.waiting.length - waiting.length));
  return (
    <>
      <p className="row" aria-live="polite">
        <span className="badge" data-testid="waiting-count">{waitingCount} waiting</span>
        {reconnecting && <span className="muted small">Reconnecting…</span>}
        <span className="visually-hidden" role="status">{announcement}</span>
      </p>
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">Waiting ({waitingCount})</h2>
        {waiting.length === 0 ? (
          <p className="muted" data-testid="no-waiting">No questions are waiting. New questions appear here within a few seconds.</p>
        ) : (
          <ol className="questions" data-testid="waiting-questions">
            {waiting.map((question) => (
              <QuestionCard key={question.id} question={question} liveBlogId={view.liveBlogId} canModerate={canModerate} onChanged={onChanged(question.id)} />
            ))}
          </ol>
        )}
        {view.waitingCount > view.waiting.length && <p className="muted small">Showing the oldest {view.waiting.length}; the rest appear as these are moderated.</p>}
      </section>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recently moderated</h2>
        {view.recent.length === 0 ? (
          <p className="muted">Nothing moderated yet.</p>
        ) : (
          <ol className="questions" data-testid="moderated-questions">
            {view.recent.map((question) => (
              <QuestionCard key={`${question.id}:${question.status}`} question={question} liveBlogId={view.liveBlogId} canModerate={canModerate} onChanged={() => refresh()} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The live count on the blog's page: polls the same view every 5 s. */
export function WaitingQuestionsCount({ slug, initial }: { slug: string; initial: number }) {
  const [count, setCount] = useState(initial);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      if (!document.hidden) {
        try {
          const response = await fetch(`/api/liveblogs/${encodeURIComponent(slug)}/questions`, { cache: "no-store" });
          if (response.ok) {
            const view = (await response.json()) as TQuestionsAdminView;
            if (!cancelled && typeof view.waitingCount === "number") setCount(view.waitingCount);
          }
        } catch {
          // keep the last count
        }
      }
      if (!cancelled) timer = setTimeout(poll, 5000);
    }
    timer = setTimeout(poll, 5000);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [slug]);
  return <span className="badge" data-testid="questions-waiting-badge" aria-live="polite">{count} waiting</span>;
}
