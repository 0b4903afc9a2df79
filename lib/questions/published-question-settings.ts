// A blog's question settings for the public endpoint, read from what was published (the head's `questions` block)
// through the publisher, never from Postgres, and kept in memory for a few seconds: a settings change reaches the
// endpoint within PUBLISHED_SETTINGS_TTL_MS of its publish. A blog that is not public, or does not take questions,
// has none.
import { ZLiveBlogQuestionsSchema } from "../render/schemas";
import { z } from "zod";

export const PUBLISHED_SETTINGS_TTL_MS = 5_000;
const MAX_CACHED_BLOGS = 10_000;

export type TPublicQuestionSettings = { liveBlogId: string; slug: string; accepting: boolean; origins: string[] };

const ZHeadQuestionsPart = z.object({ liveblog: z.object({ id: z.uuid(), slug: z.string() }), questions: ZLiveBlogQuestionsSchema.pick({ accepting: true, origins: true }).optional() });

/** The settings in a published head's text, or null when it is not a head or has no questions block. */
export function questionSettingsOfHead(text: string): TPublicQuestionSettings | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ZHeadQuestionsPart.safeParse(json);
  if (!parsed.success || !parsed.data.questions) return null;
  return { liveBlogId: parsed.data.liveblog.id, slug: parsed.data.liveblog.slug, accepting: parsed.data.questions.accepting, origins: parsed.data.questions.origins };
}

type TCached = { atMs: number; settings: Promise<TPublicQuestionSettings | null> };

/** `readHead(slug)`: the published head's text, or null when there is none. Concurrent misses share one read. */
export function createPublishedQuestionSettings(options: { readHead: (slug: string) => Promise<string | null>; ttlMs?: number; now?: () => number }) {
  const cache = new Map<string, TCached>();
  const ttlMs = options.ttlMs ?? PUBLISHED_SETTINGS_TTL_MS;
  const now = options.now ?? Date.now;
  return async function settingsFor(slug: string): Promise<TPublicQuestionSettings | null> {
    const cached = cache.get(slug);
    if (cached && now() - cached.atMs < ttlMs) return cached.settings;
    // Oldest read first out (a Map keeps insertion order): a flood of made-up names no longer clears every blog at once.
    cache.delete(slug);
    if (cache.size >= MAX_CACHED_BLOGS) cache.delete(cache.keys().next().value!);
    const settings = options.readHead(slug).then((text) => (text === null ? null : questionSettingsOfHead(text)));
    const entry = { atMs: now(), settings };
    cache.set(slug, entry);
    // A failed read (the bucket unreachable) is not remembered: the next request tries again.
    settings.catch(() => {
      if (cache.get(slug) === entry) cache.delete(slug);
    });
    return settings;
  };
}
