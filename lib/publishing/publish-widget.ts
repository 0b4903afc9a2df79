// Builds the reader widget and publishes it: `widgets/ballast.<hash>.js` (immutable) and `widgets/ballast.js`
// (short cache, for embeds that always want the newest). Once per process and publisher.
import { buildWidget } from "../../widgets/build-widget";
import type { Publisher } from "../../publishers/types";
import { putObject } from "./put-object";

export type TPublishedWidget = { key: string; latestKey: string; gzipBytes: number };

const published = new WeakMap<Publisher, Promise<TPublishedWidget>>();

export function ensureWidgetPublished(publisher: Publisher): Promise<TPublishedWidget> {
  let pending = published.get(publisher);
  if (!pending) {
    pending = (async () => {
      const widget = await buildWidget();
      const key = `widgets/${widget.fileName}`;
      await putObject(publisher, key, widget.code);
      await putObject(publisher, "widgets/ballast.js", widget.code);
      return { key, latestKey: "widgets/ballast.js", gzipBytes: widget.gzipBytes };
    })();
    // A failed upload is retried by the next publish instead of being remembered.
    pending.catch(() => published.delete(publisher));
    published.set(publisher, pending);
  }
  return pending;
}
