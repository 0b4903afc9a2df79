// Batches CloudFront invalidations of mutable keys off the publish path, and invalidates deleted objects at once;
// failures are reported and retried, never thrown.
import { createHash } from "node:crypto";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";

/** Pino-compatible; publishers/ stays free of lib/, so the caller hands its logger in. */
export type TInvalidationLogger = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

const consoleLogger: TInvalidationLogger = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

export type TCloudFrontInvalidatorOptions = {
  distributionId: string;
  client?: CloudFrontClient;
  windowMs?: number;
  maxPathsPerRequest?: number;
  /** The publish prefix: key `a/b.json` with prefix `p` is invalidated as `/p/a/b.json`. */
  pathPrefix?: string;
  onError?: (error: unknown) => void;
  log?: TInvalidationLogger;
  now?: () => number;
};

const DEFAULT_WINDOW_MS = 10_000;
const DEFAULT_MAX_PATHS_PER_REQUEST = 1000;
// CloudFront's limit on paths in one CreateInvalidation request.
const CLOUDFRONT_MAX_PATHS_PER_REQUEST = 3000;
const MAX_ATTEMPTS_PER_PATH = 5;
// CloudFront is global; its API is signed for us-east-1.
const CLOUDFRONT_API_REGION = "us-east-1";
// Content-hashed files and media never change, so invalidating them only costs money.
const CONTENT_HASHED_KEY = /\.[0-9a-f]{8,}\.(json|js)$/;

export class CloudFrontInvalidator {
  private readonly distributionId: string;
  private readonly client: CloudFrontClient;
  private readonly windowMs: number;
  private readonly maxPathsPerRequest: number;
  private readonly pathPrefix: string;
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private readonly log: TInvalidationLogger;
  private readonly pendingPaths = new Set<string>();
  private readonly failedAttemptsByPath = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  // Flushes run one after another so a path is never in two requests at once.
  private flushChain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: TCloudFrontInvalidatorOptions) {
    const maxPathsPerRequest = options.maxPathsPerRequest ?? DEFAULT_MAX_PATHS_PER_REQUEST;
    if (!Number.isInteger(maxPathsPerRequest) || maxPathsPerRequest < 1 || maxPathsPerRequest > CLOUDFRONT_MAX_PATHS_PER_REQUEST) {
      throw new Error(`maxPathsPerRequest must be an integer from 1 to ${CLOUDFRONT_MAX_PATHS_PER_REQUEST}; got ${maxPathsPerRequest}`);
    }
    this.distributionId = options.distributionId;
    // A request timeout so one hung call cannot hold up every later window.
    this.client = options.client ?? new CloudFrontClient({ region: CLOUDFRONT_API_REGION, requestHandler: { requestTimeout: 15_000, connectionTimeout: 5_000 } });
    this.windowMs = Math.max(0, options.windowMs ?? DEFAULT_WINDOW_MS);
    this.maxPathsPerRequest = maxPathsPerRequest;
    this.pathPrefix = encodePath(options.pathPrefix ?? "");
    this.log = options.log ?? consoleLogger;
    this.onError = options.onError ?? ((error) => this.log.warn({ err: error }, "CloudFront invalidation failed; retrying next window"));
    this.now = options.now ?? Date.now;
  }

  enqueue(keys: string[]): void {
    for (const key of keys) {
      const keyPath = encodePath(key);
      if (keyPath && !isImmutableKey(keyPath)) this.pendingPaths.add(this.invalidationPathFor(keyPath));
    }
    this.scheduleFlush();
  }

  /** Deleted objects (a superseded archive page, a withdrawn draft's files), content-hashed ones included: the CDN
   * would otherwise keep serving them for a year. Sent at once rather than at the end of the window, because the
   * deletion already waited out its grace period; this is the one invalidation on the delete path, by design. */
  invalidateDeleted(keys: string[]): Promise<void> {
    for (const key of keys) {
      const keyPath = encodePath(key);
      if (keyPath) this.pendingPaths.add(this.invalidationPathFor(keyPath));
    }
    return this.pendingPaths.size > 0 ? this.flush() : Promise.resolve();
  }

  flush(): Promise<void> {
    const run = this.flushChain.then(() => this.sendPendingPaths());
    this.flushChain = run;
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelTimer();
    await this.flush();
  }

  private invalidationPathFor(encodedKey: string): string {
    return this.pathPrefix ? `/${this.pathPrefix}/${encodedKey}` : `/${encodedKey}`;
  }

  private scheduleFlush(): void {
    if (this.closed || this.flushTimer || this.pendingPaths.size === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.windowMs);
    // An invalidation is never worth keeping a process alive for.
    this.flushTimer.unref();
  }

  private cancelTimer(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private async sendPendingPaths(): Promise<void> {
    this.cancelTimer();
    const paths = [...this.pendingPaths].sort();
    this.pendingPaths.clear();
    for (let start = 0; start < paths.length; start += this.maxPathsPerRequest) {
      const batch = paths.slice(start, start + this.maxPathsPerRequest);
      try {
        await this.client.send(
          new CreateInvalidationCommand({
            DistributionId: this.distributionId,
            InvalidationBatch: { CallerReference: this.callerReferenceFor(batch), Paths: { Quantity: batch.length, Items: batch } },
          }),
        );
        for (const path of batch) this.failedAttemptsByPath.delete(path);
      } catch (error) {
        this.reportError(error);
        this.requeueFailed(batch);
      }
    }
    this.scheduleFlush();
  }

  private requeueFailed(batch: string[]): void {
    for (const path of batch) {
      const failedAttempts = (this.failedAttemptsByPath.get(path) ?? 0) + 1;
      if (failedAttempts >= MAX_ATTEMPTS_PER_PATH) {
        this.failedAttemptsByPath.delete(path);
        this.log.error({ path, failedAttempts }, "Giving up on CloudFront invalidation; the path expires with its TTL");
      } else {
        this.failedAttemptsByPath.set(path, failedAttempts);
        this.pendingPaths.add(path);
      }
    }
  }

  private reportError(error: unknown): void {
    try {
      this.onError(error);
    } catch (callbackError) {
      this.log.error({ err: callbackError }, "CloudFront invalidation onError callback threw");
    }
  }

  private callerReferenceFor(sortedPaths: string[]): string {
    const pathsHash = createHash("sha256").update(sortedPaths.join("\n")).digest("hex").slice(0, 16);
    return `ballast-${this.now()}-${pathsHash}`;
  }
}

export function isImmutableKey(key: string): boolean {
  return CONTENT_HASHED_KEY.test(key) || key.startsWith("media/");
}

// Encodes each segment (spaces, `#`, `?`, non-ASCII) and drops empty ones, so paths are slash-joined without doubles.
function encodePath(key: string): string {
  return key
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}
