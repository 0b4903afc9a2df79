// Publishes the reader widget built by `npm run build` (widgets/dist): `widgets/ballast.<hash>.js` (immutable) and
// `widgets/ballast.js` (short cache, for embeds that always want the newest). Once per process and publisher.
import { buildWidgetFiles, readBuiltWidget, widgetOutputDir } from "../../widgets/build-widget";
import type { Publisher } from "../../publishers/types";
import { putObject } from "./put-object";

export type TPublishedWidget = { key: string; latestKey: string; gzipBytes: number };

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

/** Uploads the widget file in `outputDir` byte for byte, under the content-hashed name its manifest gives. */
export async function publishBuiltWidget(options: { publisher: Publisher; outputDir?: string }): Promise<TPublishedWidget> {
  const outputDir = options.outputDir ?? widgetOutputDir;
  // Without a prior `npm run build` (e.g. `npx vitest run` alone) the widget is built here once and written to outputDir.
  const widget = (await readBuiltWidget(outputDir)) ?? (await buildWidgetFiles(outputDir));
  const key = `widgets/${widget.fileName}`;
  await putObject(options.publisher, key, widget.code);
  await putObject(options.publisher, LATEST_KEY, widget.code);
  return { key, latestKey: LATEST_KEY, gzipBytes: widget.gzipBytes };
}
