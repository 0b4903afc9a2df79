// Where an uploaded CSV waits for its import: a file under <BALLAST_DATA_DIR>/staging/ locally, or an object under
// `staging/` in the publish bucket with an S3 target (so a worker on another machine can read it). Rows never travel
// through the write queue; the dataset.import command names the staged upload by its id.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, UploadPartCommand, type S3Client } from "@aws-sdk/client-s3";
import { S3Publisher } from "../../publishers/s3";
import type { Publisher } from "../../publishers/types";
import { readEnv } from "../env";
import { AppError } from "../errors";

export interface StagingStore {
  readonly description: string;
  /** Streams `source` into the staged upload `id`; past `maxBytes` it stops reading, removes the partial upload and
   * throws. Nothing is visible under `id` until the whole body is in. */
  write(id: string, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ bytes: number }>;
  /** The staged bytes, or null when there is no such upload (never staged, or removed after its import). */
  open(id: string): Promise<Readable | null>;
  remove(id: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertStagingId(id: string): void {
  if (!UUID.test(id)) throw new Error(`Not a staged upload id: ${JSON.stringify(id)}`);
}

export function uploadTooLarge(maxBytes: number): AppError {
  const message = `The file is too large; the limit is ${Math.round(maxBytes / (1024 * 1024))} MB.`;
  return new AppError("invalid_input", message, { file: message });
}

export class LocalStagingStore implements StagingStore {
  readonly description: string;

  constructor(private readonly directory: string) {
    this.description = `files under ${directory}`;
  }

  private pathFor(id: string): string {
    assertStagingId(id);
    return path.join(this.directory, `${id}.csv`);
  }

  async write(id: string, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ bytes: number }> {
    const target = this.pathFor(id);
    await fs.promises.mkdir(this.directory, { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString("hex")}.part`;
    const handle = await fs.promises.open(temporary, "wx", 0o600);
    let bytes = 0;
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) throw uploadTooLarge(options.maxBytes);
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await fs.promises.rename(temporary, target);
    return { bytes };
  }

  async open(id: string): Promise<Readable | null> {
    try {
      const handle = await fs.promises.open(this.pathFor(id), "r");
      return handle.createReadStream({ highWaterMark: 256 * 1024 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await fs.promises.rm(this.pathFor(id), { force: true });
  }
}

/** S3 wants parts of at least 5 MiB (but the last); 8 MiB keeps memory small and requests few. */
const PART_BYTES = 8 * 1024 * 1024;

export class S3StagingStore implements StagingStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "staging/",
  ) {
    this.description = `s3://${bucket}/${prefix}`;
  }

  private keyFor(id: string): string {
    assertStagingId(id);
    return `${this.prefix}${id}.csv`;
  }

  async write(id: string, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ bytes: number }> {
    const Key = this.keyFor(id);
    let buffered: Buffer[] = [];
    let bufferedBytes = 0;
    let bytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    const flushPart = async () => {
      if (!uploadId) uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType: "text/csv" }))).UploadId;
      const PartNumber = parts.length + 1;
      const body = Buffer.concat(buffered);
      buffered = [];
      bufferedBytes = 0;
      const { ETag } = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length }));
      parts.push({ ETag, PartNumber });
    };
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) throw uploadTooLarge(options.maxBytes);
        buffered.push(Buffer.from(chunk));
        bufferedBytes += chunk.byteLength;
        if (bufferedBytes >= PART_BYTES) await flushPart();
      }
      if (!uploadId) {
        // Small enough for one request.
        const body = Buffer.concat(buffered);
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.length, ContentType: "text/csv" }));
        return { bytes };
      }
      if (bufferedBytes > 0) await flushPart();
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      return { bytes };
    } catch (error) {
      if (uploadId) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  async open(id: string): Promise<Readable | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(id) }));
      return response.Body instanceof Readable ? response.Body : Readable.from(Buffer.from((await response.Body?.transformToByteArray()) ?? []));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number }; name?: string }).$metadata?.httpStatusCode;
      if (status === 404 || (error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyFor(id) }));
  }
}

/** The staging store that goes with a publish target: its bucket for S3, the data directory otherwise. */
export function stagingStoreFor(publisher: Publisher): StagingStore {
  if (publisher instanceof S3Publisher) {
    const { client, bucket } = publisher.location;
    return new S3StagingStore(client, bucket);
  }
  return new LocalStagingStore(path.join(readEnv().dataDir, "staging"));
}
