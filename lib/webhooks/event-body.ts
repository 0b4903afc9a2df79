// The JSON body of a delivery: small, and the same for every webhook subscribed to the event.
//   { "event": "published", "kind": "liveblog", "id": "<document id>", "version": 12,
//     "urls": ["https://cdn.example.com/liveblogs/election-night/latest.json", ...], "time": "2026-11-03T21:00:00.000Z" }
// `urls` are the public URLs of the objects that publish wrote (or, for `deleted`, removed). A dead letter adds
// `command: { id, type }` and `reason`; a test event has kind, id and version null.
import { readEnv } from "../env";
import type { TWebhookEvent } from "./constants";
import type { TWebhookEventFacts } from "./webhook-deliveries";

export function publicUrlOf(key: string, publicBaseUrl: string = readEnv().publicBaseUrl): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

export function eventFacts(event: { event: TWebhookEvent; kind: string | null; documentId: string | null; version: number | null; keys?: string[]; time: Date; extra?: Record<string, unknown> }): TWebhookEventFacts {
  const body = JSON.stringify({
    event: event.event,
    kind: event.kind,
    id: event.documentId,
    version: event.version,
    urls: (event.keys ?? []).map((key) => publicUrlOf(key)),
    time: event.time.toISOString(),
    ...event.extra,
  });
  return { event: event.event, kind: event.kind, documentId: event.documentId, version: event.version, body };
}
