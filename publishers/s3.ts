// Publishes to an S3 bucket (optionally under a key prefix); transient failures are retried by the SDK.
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { assertSafeKey, type Publisher, type TPublishObject, type TStoredObject } from "./types";

export type TS3PublisherOptions = {
  bucket: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  /** Defaults to the SDK's credential chain; tests pass static credentials for a local S3 stand-in. */
  credentials?: S3ClientConfig["credentials"];
  client?: S3Client;
  maxAttempts?: number;
  requestTimeoutMs?: number;
};

const DEFAULT_REGION = "us-east-1";
const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

const TARGET_FORMAT = "PUBLISH_TARGET must look like s3://bucket or s3://bucket/key/prefix";
// S3's bucket naming rules (lowercase letters, digits, dots, hyphens; 3-63 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Target(target: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(target.trim());
  if (!match) throw new Error(`${TARGET_FORMAT}; got ${JSON.stringify(target)}`);
  const bucket = match[1] ?? "";
  if (!bucket) throw new Error(`${TARGET_FORMAT}; the bucket name is missing in ${JSON.stringify(target)}`);
  if (!BUCKET_NAME.test(bucket)) throw new Error(`${TARGET_FORMAT}; ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
  const prefix = trimSlashes(match[2] ?? "");
  if (prefix) {
    try {
      assertSafeKey(prefix);
    } catch {
      throw new Error(`${TARGET_FORMAT}; the prefix ${JSON.stringify(prefix)} has empty, "." or ".." segments`);
    }
  }
  return { bucket, prefix };
}

export function createS3Client(options: Omit<TS3PublisherOptions, "bucket" | "prefix" | "client">): S3Client {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return new S3Client({
    region: options.region ?? DEFAULT_REGION,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Flexible checksums frame bodies as aws-chunked, which S3 stand-ins such as s3rver store verbatim.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout,
      // Without this the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      // requestTimeout stops at the response headers; this catches a body that stalls mid-stream.
      socketTimeout: requestTimeout,
    }),
  });
}

export class S3Publisher implements Publisher {
  readonly description: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(options: TS3PublisherOptions) {
    this.bucket = options.bucket;
    this.prefix = trimSlashes(options.prefix ?? "");
    if (this.prefix) assertSafeKey(this.prefix);
    this.client = options.client ?? createS3Client(options);
    this.description = this.prefix ? `s3://${this.bucket}/${this.prefix}` : `s3://${this.bucket}`;
  }

  private objectKeyFor(key: string): string {
    assertSafeKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async put(object: TPublishObject): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKeyFor(object.key),
        Body: typeof object.body === "string" ? Buffer.from(object.body, "utf8") : object.body,
        ContentType: object.contentType,
        CacheControl: object.cacheControl,
      }),
    );
  }

  async get(key: string): Promise<TStoredObject | null> {
    const objectKey = this.objectKeyFor(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      const body = response.Body ? Buffer.from(await response.Body.transformToByteArray()) : Buffer.alloc(0);
      // S3 always sends Last-Modified; a stand-in that omits it should not make the object unreadable.
      return { body, modifiedAt: response.LastModified ?? new Date() };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** S3 answers 204 for a key that is not there, so a delete is idempotent. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKeyFor(key) }));
  }

  async list(prefix: string): Promise<string[]> {
    const objectPrefix = this.prefix ? `${this.prefix}/${prefix}` : prefix;
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: objectPrefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(this.prefix ? object.Key.slice(this.prefix.length + 1) : object.Key);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return keys.sort();
  }

  /** Where this publisher writes, for a store that keeps other objects in the same bucket (a dataset's staged CSV). */
  get location(): { client: S3Client; bucket: string } {
    return { client: this.client, bucket: this.bucket };
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  // A missing bucket is also a 404, but it is a misconfiguration, not an absent object.
  if (!(error instanceof S3ServiceException) || error.name === "NoSuchBucket") return false;
  return error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404;
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}
