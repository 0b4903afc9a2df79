// Worker controls and heartbeats for SQS deployments, as small JSON objects in S3 (by default `_control/` in the
// publish bucket). Why S3 and not "beside the queue": every machine already reaches the bucket, S3 reads are
// strongly consistent and conditional writes (If-Match) make a change atomic, it answers while Postgres is down, and
// SQS itself can only hold such state in queue tags (50 short values, no compare-and-set, extra IAM).
import { randomUUID } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import { createS3Client } from "../../publishers/s3";
import {
  applyControlChanges,
  DEFAULT_WORKER_CONTROLS,
  UNAUDITED_READ_LIMIT,
  ZWorkerControlChangeSchema,
  ZWorkerHeartbeatSchema,
  type TControlChangeOrigin,
  type TWorkerControlChange,
  type TWorkerControls,
  type TWorkerControlState,
  type TWorkerHeartbeat,
  type WorkerControlStore,
} from "./worker-control-store";

export type TS3WorkerControlStoreOptions = {
  bucket: string;
  /** Key prefix of the control objects, e.g. `_control`. */
  prefix: string;
  endpoint?: string;
  region?: string;
  credentials?: S3ClientConfig["credentials"];
  client?: S3Client;
  /** How stale a read may be: each worker polls the controls object at most once per this (default 1000 ms). */
  cacheMs?: number;
  now?: () => number;
};

const ZControlDocumentSchema = z.object({
  schema: z.literal(1),
  controls: z.object({ paused: z.boolean(), maxApplyPerSecond: z.number().int().min(0) }),
  unaudited: z.array(ZWorkerControlChangeSchema),
  updatedAtMs: z.number(),
});
type TControlDocument = z.infer<typeof ZControlDocumentSchema>;

const EMPTY_DOCUMENT: TControlDocument = { schema: 1, controls: DEFAULT_WORKER_CONTROLS, unaudited: [], updatedAtMs: 0 };
// Operators' changes are rare; a few tries cover two admins clicking at the same moment.
const MAX_WRITE_ATTEMPTS = 5;
// A worker polls these every second: an S3 outage should cost it a few seconds, never the SDK's minute of retries.
const REQUEST_TIMEOUT_MS = 3_000;
const MAX_SDK_ATTEMPTS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const NO_STORE = "no-store";

export class S3WorkerControlStore implements WorkerControlStore {
  readonly description: string;
  private readonly bucket: string;
  private readonly controlsKey: string;
  private readonly heartbeatPrefix: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private cached?: { document: TControlDocument; readAtMs: number };

  constructor(options: TS3WorkerControlStoreOptions) {
    const prefix = options.prefix.replace(/^\/+|\/+$/g, "");
    this.bucket = options.bucket;
    this.controlsKey = prefix ? `${prefix}/workers.json` : "workers.json";
    this.heartbeatPrefix = prefix ? `${prefix}/heartbeats/` : "heartbeats/";
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      createS3Client({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, maxAttempts: MAX_SDK_ATTEMPTS, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    this.cacheMs = options.cacheMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.description = `s3://${this.bucket}/${this.controlsKey}`;
  }

  async read(): Promise<TWorkerControlState> {
    const cached = this.cached;
    const document = cached && this.now() - cached.readAtMs < this.cacheMs ? cached.document : (await this.fetchDocument()).document;
    return { controls: document.controls, unaudited: document.unaudited.slice(0, UNAUDITED_READ_LIMIT) };
  }

  async change(changes: Partial<TWorkerControls>, origin: TControlChangeOrigin): Promise<TWorkerControlChange> {
    // The same id on every attempt: only one of them is ever stored.
    const id = randomUUID();
    const written = await this.update((document) => {
      const changedAtMs = this.now();
      const controls = applyControlChanges(document.controls, changes);
      const change = ZWorkerControlChangeSchema.parse({ id, changedAtMs, ...origin, changes, controls });
      return { schema: 1, controls, unaudited: [...document.unaudited, change], updatedAtMs: changedAtMs };
    });
    const change = written.unaudited.find((candidate) => candidate.id === id);
    if (!change) throw new Error("the worker controls were not changed");
    return change;
  }

  async markAudited(changeIds: string[]): Promise<void> {
    const audited = new Set(changeIds);
    await this.update((document) => {
      if (!document.unaudited.some((change) => audited.has(change.id))) return null;
      return { ...document, unaudited: document.unaudited.filter((change) => !audited.has(change.id)) };
    });
  }

  // One object per worker, written only by that worker: heartbeats never contend with each other or the controls.
  async reportHeartbeat(heartbeat: TWorkerHeartbeat): Promise<void> {
    const body = JSON.stringify(ZWorkerHeartbeatSchema.parse(heartbeat));
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.heartbeatKey(heartbeat.id), Body: body, ContentType: "application/json", CacheControl: NO_STORE }),
    );
  }

  async listWorkers(seenWithinMs: number): Promise<TWorkerHeartbeat[]> {
    const nowMs = this.now();
    const recentKeys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.heartbeatPrefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const modifiedAtMs = object.LastModified?.getTime() ?? nowMs;
        if (modifiedAtMs < nowMs - DAY_MS) {
          await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key })).catch(() => undefined);
        } else if (modifiedAtMs >= nowMs - seenWithinMs - 60_000) {
          // Last-Modified is the S3 server's clock: a minute of slack, then the heartbeat's own time decides.
          recentKeys.push(object.Key);
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    const heartbeats = await Promise.all(recentKeys.map((key) => this.getJson(key).then((json) => (json === null ? null : ZWorkerHeartbeatSchema.safeParse(json).data ?? null))));
    return heartbeats
      .filter((heartbeat): heartbeat is TWorkerHeartbeat => heartbeat !== null && heartbeat.lastSeenAtMs > nowMs - seenWithinMs)
      .sort((a, b) => b.startedAtMs - a.startedAtMs || a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  /** Read, change, write back only if nobody wrote in between (If-Match on the ETag read; If-None-Match for a first
   * write); on a conflict, read again and redo the change. `edit` returns null when there is nothing to write.
   * Returns the document as it now stands. */
  private async update(edit: (document: TControlDocument) => TControlDocument | null): Promise<TControlDocument> {
    for (let attempt = 1; ; attempt++) {
      const { document, etag } = await this.fetchDocument();
      const next = edit(document);
      if (next === null) return document;
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: this.controlsKey,
            Body: JSON.stringify(next),
            ContentType: "application/json",
            CacheControl: NO_STORE,
            ...(etag ? { IfMatch: etag } : { IfNoneMatch: "*" }),
          }),
        );
        this.cached = { document: next, readAtMs: this.now() };
        return next;
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      }
    }
  }

  private async fetchDocument(): Promise<{ document: TControlDocument; etag: string | undefined }> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.controlsKey }));
      const text = (await response.Body?.transformToString()) ?? "";
      const document = ZControlDocumentSchema.parse(JSON.parse(text));
      this.cached = { document, readAtMs: this.now() };
      return { document, etag: response.ETag };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.cached = { document: EMPTY_DOCUMENT, readAtMs: this.now() };
      return { document: EMPTY_DOCUMENT, etag: undefined };
    }
  }

  private async getJson(key: string): Promise<unknown> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await response.Body?.transformToString()) ?? "null");
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private heartbeatKey(workerId: string): string {
    return `${this.heartbeatPrefix}${encodeURIComponent(workerId)}.json`;
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  return error instanceof S3ServiceException && error.name !== "NoSuchBucket" && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);
}

// 412: someone wrote since our read; 409: a concurrent conditional write to the same key is in progress.
function isWriteConflict(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status === 412 || status === 409;
}
