// Publishes the reader widget built by `npm run build` (widgets/dist): `widgets/ballast-banners.<hash>.js`,
// `widgets/ballast-lookup.<hash>.js`, `widgets/ballast-questions.<hash>.js` and `widgets/ballast.<hash>.js` (immutable), then `widgets/ballast.js` (short
// cache, for embeds that always want the newest). Once per process and publisher.
import { buildWidgetFiles, readBuiltWidget, widgetOutputDir } from "../../widgets/build-widget";
import type { Publisher } from "../../publishers/types";
import { putObject } from "./put-object";

export type TPublishedWidget = {
  /** The entry (live blog + banner and lookup bootstrap), content-hashed: what published pages embed. */
  key: string;
  latestKey: string;
  gzipBytes: number;
  /** The lazily loaded banners file the entry names. */
  bannersKey: string;
  bannersGzipBytes: number;
  /** The lazily loaded lookup file the entry names (`Ballast.lookup` and lookup forms). */
  lookupKey: string;
  lookupGzipBytes: number;
  /** The lazily loaded reader-questions file the entry names (a blog that takes or publishes questions). */
  questionsKey: string;
  questionsGzipBytes: number;
};

const LATEST_KEY = "widgets/ballast.js";

const published = new WeakMap<Publisher, Promise<TPublishedWidget>>();

export function ensureWidgetPublished(publisher: Publisher): Promise<TPublishedWidget> {
  let pending = published.get(publisher);
  if (!pending) {
    pending = publishBuiltWidget({ publisher });
    // A failed upload is retried by the next publish instead of being remembered.
    pending.catch(() => published.delete(publisher));
    published.set(publisher, pending);
  }
  return pending;
}

/** Uploads the widget files in `outputDir` byte for byte, under the content-hashed names their manifest gives. */
export async function publishBuiltWidget(options: { publisher: Publisher; outputDir?: string }): Promise<TPublishedWidget> {
  const outputDir = options.outputDir ?? widgetOutputDir;
  // Without a prior `npm run build` (e.g. `npx vitest run` alone) the widget is built here once and written to outputDir.
  const { entry, banners, lookup, questions } = (await readBuiltWidget(outputDir)) ?? (await buildWidgetFiles(outputDir));
  const bannersKey = `widgets/${banners.fileName}`;
  const lookupKey = `widgets/${lookup.fileName}`;
  const questionsKey = `widgets/${questions.fileName}`;
  const key = `widgets/${entry.fileName}`;
  // The lazy files first: a reader who gets the new entry must find the files it names.
  await putObject(options.publisher, bannersKey, banners.code);
  await putObject(options.publisher, lookupKey, lookup.code);
  await putObject(options.publisher, questionsKey, questions.code);
  await putObject(options.publisher, key, entry.code);
  await putObject(options.publisher, LATEST_KEY, entry.code);
  return { key, latestKey: LATEST_KEY, gzipBytes: entry.gzipBytes, bannersKey, bannersGzipBytes: banners.gzipBytes, lookupKey, lookupGzipBytes: lookup.gzipBytes, questionsKey, questionsGzipBytes: questions.gzipBytes };
}
