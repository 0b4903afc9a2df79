// The reader-questions file, loaded by the entry only when a live blog's head has a `questions` block: an "Ask a
// question" form (while the blog takes questions) and the questions the newsroom published. Defines
// `Ballast.questions(root, block)`, which the entry calls with every head (no block: the form goes away).
// Questions are text: everything from JSON or the reader goes through textContent, never innerHTML.
import type { TLiveBlogQuestions } from "../../lib/render/schemas";
import { el } from "./render-entry";

type TMount = ((root: HTMLElement, block?: TLiveBlogQuestions) => void) & { version?: string };
type TState = { section: HTMLElement; list: HTMLElement; form: HTMLElement; key: string; url: string };
type TAnswer = { status: number; body: { error?: string; fieldErrors?: Record<string, string>; challenge?: string; bits?: number } };

const QUESTIONS_VERSION = "1.0.0";
const CSS =
  ".ballast-questions{margin:0 0 12px}" +
  ".ballast-ask{display:grid;gap:6px;max-width:40em;padding:8px 0}" +
  ".ballast-ask input,.ballast-ask textarea{font:inherit;padding:6px;border:1px solid var(--ballast-border,#999);border-radius:4px}" +
  ".ballast-ask button{justify-self:start;font:inherit;padding:6px 16px;border:0;border-radius:999px;background:var(--ballast-accent,#c00);color:var(--ballast-bg,#fff);cursor:pointer}" +
  ".ballast-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}" +
  ".ballast-question{border-top:1px solid var(--ballast-border,#ddd);padding:8px 0;white-space:pre-wrap;overflow-wrap:anywhere}" +
  ".ballast-question-name,.ballast-ask-error{font-size:.875em;color:var(--ballast-muted,#666)}" +
  ".ballast-ask-error{color:var(--ballast-accent,#c00)}";

const states = new WeakMap<HTMLElement, TState>();
let counter = 0;

function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 15) | 64;
  bytes[8] = (bytes[8]! & 63) | 128;
  const hex = Array.from(bytes, (byte) => (byte + 256).toString(16).slice(1)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function send(url: string, init?: RequestInit): Promise<TAnswer> {
  const response = await fetch(url, { credentials: "omit", ...init });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/** Finds a nonce so that sha256("<challenge>:<id>:<nonce>") starts with `bits` zero bits (hashcash). */
async function solve(challenge: string, id: string, bits: number): Promise<string> {
  const encoder = new TextEncoder();
  for (let n = 0; ; n++) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${challenge}:${id}:${n.toString(36)}`)));
    let zeros = 0;
    for (const byte of digest) {
      zeros += byte ? Math.clz32(byte) - 24 : 8;
      if (byte) break;
    }
    if (zeros >= bits) return n.toString(36);
  }
}

function field(form: HTMLElement, label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string) {
  const id = `ballast-q${++counter}`;
  const wrapper = el("div");
  const labelNode = el("label", "", label);
  labelNode.htmlFor = control.id = id;
  const error = el("span", "ballast-ask-error");
  error.id = `${id}-e`;
  control.setAttribute("aria-describedby", error.id);
  wrapper.append(labelNode, el("br"), control);
  if (hint) wrapper.append(el("br"), el("small", "", hint));
  wrapper.append(error);
  form.append(wrapper);
  return (message?: string) => {
    error.textContent = message || "";
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  };
}

function buildForm(state: TState): HTMLElement {
  const form = el("form", "ballast-ask");
  form.noValidate = true;
  form.setAttribute("aria-label", "Ask a question");
  const name = el("input");
  name.name = "name";
  name.maxLength = 80;
  name.autocomplete = "name";
  name.required = true;
  const text = el("textarea");
  text.name = "text";
  text.maxLength = 1000;
  text.rows = 3;
  text.required = true;
  const email = el("input");
  email.type = "email";
  email.name = "email";
  email.maxLength = 254;
  email.autocomplete = "email";
  const nameError = field(form, "Your name", name);
  const textError = field(form, "Your question", text);
  const emailError = field(form, "Email (optional)", email, "Only the newsroom sees it.");
  // The honeypot: off-screen, out of the tab order and hidden from screen readers; only bots fill it in.
  const trap = el("div", "ballast-hp");
  trap.setAttribute("aria-hidden", "true");
  const website = el("input");
  website.name = "website";
  website.tabIndex = -1;
  website.autocomplete = "off";
  trap.append(website);
  const button = el("button", "", "Send question");
  const status = el("p", "ballast-ask-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.append(trap, button, status);

  let id = uuid();
  let proof: { challenge: string; bits: number; at: number } | undefined;
  const errors: Record<string, (message?: string) => void> = { name: nameError, text: textError, email: emailError };
  const say = (message: string) => (status.textContent = message);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    nameError();
    textError();
    emailError();
    const missing = !name.value.trim() ? [name, nameError, "Please enter your name."] : !text.value.trim() ? [text, textError, "Please enter your question."] : null;
    if (missing) {
      (missing[1] as (message: string) => void)(missing[2] as string);
      (missing[0] as HTMLElement).focus();
      return say("Please check the form.");
    }
    button.disabled = true;
    say("Sending…");
    try {
      let answer: TAnswer | undefined;
      for (let attempt = 0; attempt < 2; attempt++) {
        // A challenge is good for 30 minutes; a fresh one after 20, or after the server refused the last one.
        if (!proof || Date.now() - proof.at > 12e5 || attempt) {
          const issued = await send(`${state.url}/challenge`);
          if (issued.status !== 200) {
            answer = issued;
            break;
          }
          proof = { challenge: issued.body.challenge as string, bits: issued.body.bits as number, at: Date.now() };
        }
        const body = { id, name: name.value, text: text.value, email: email.value, website: website.value, pow: proof.bits ? { challenge: proof.challenge, nonce: await solve(proof.challenge, id, proof.bits) } : undefined };
        answer = await send(state.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        if (!(answer.status === 400 && answer.body.fieldErrors && answer.body.fieldErrors.pow)) break;
      }
      const { status: code, body } = answer as TAnswer;
      if (code === 202) {
        (form as HTMLFormElement).reset();
        id = uuid();
        say("Thank you: your question was sent. The newsroom reads every question; some are published here.");
      } else if (code === 429) {
        say(body.error || "You have sent a lot of questions. Please wait a minute before sending another.");
      } else {
        const fieldErrors = body.fieldErrors || {};
        for (const key in fieldErrors) if (errors[key]) errors[key]!(fieldErrors[key]);
        say(body.error || "Your question could not be sent. Please try again.");
      }
    } catch {
      // The same id on the next try: a question that did arrive is not kept twice.
      say("Your question could not be sent. Please check your connection and try again.");
    }
    button.disabled = false;
  });
  return form;
}

const mount: TMount = (root, block) => {
  let state = states.get(root);
  if (!block) {
    if (state) state.section.remove();
    states.delete(root);
    return;
  }
  if (!state) {
    if (!document.getElementById("ballast-questions-style")) {
      const style = el("style", "", CSS);
      style.id = "ballast-questions-style";
      document.head.appendChild(style);
    }
    const section = el("section", "ballast-questions");
    section.setAttribute("aria-label", "Reader questions");
    state = { section, list: el("div"), form: el("div"), key: "", url: "" };
    section.append(el("h2", "ballast-heading", "Ask a question"), state.form, state.list);
    states.set(root, state);
  }
  const { section, list } = state;
  // Placed before the stream (after the pinned entry and the key events).
  if (!section.isConnected) root.insertBefore(section, root.querySelector(".ballast-bar"));
  const accepting = block.accepting && !!block.submitUrl;
  (section.firstChild as HTMLElement).hidden = !accepting;
  if (accepting && state.url !== block.submitUrl) {
    state.url = block.submitUrl as string;
    const form = buildForm(state);
    state.form.replaceWith(form);
    state.form = form;
  }
  state.form.hidden = !accepting;
  const key = JSON.stringify(block.items);
  if (key === state.key) return;
  state.key = key;
  list.textContent = "";
  if (block.items.length) {
    list.append(el("h2", "ballast-heading", "Readers' questions"));
    for (const question of block.items) {
      const item = el("div", "ballast-question");
      item.setAttribute("data-question-id", question.id);
      item.append(el("div", "ballast-question-name", question.name + (question.status === "answered" ? " · Answered" : "")), el("div", "", question.text));
      list.append(item);
    }
  }
};

const host = window as unknown as { Ballast?: { questions?: TMount } };
const namespace = (host.Ballast = host.Ballast || {});
if (!namespace.questions) {
  mount.version = QUESTIONS_VERSION;
  namespace.questions = mount;
}
