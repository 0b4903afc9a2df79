// Test helper: an in-process s3rver on a random port, with a fresh bucket and a client configured for it.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/** s3rver accepts any signature made with these. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export type TS3Server = {
  endpoint: string;
  bucket: string;
  client: S3Client;
  stop(): Promise<void>;
};

export async function startS3Server(): Promise<TS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  makePutsAtomic(server);
  let client: S3Client | undefined;
  try {
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: S3RVER_CREDENTIALS,
      // Flexible checksums frame bodies as aws-chunked, which s3rver stores verbatim.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    const bucket = `ballast-test-${randomUUID().slice(0, 8)}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const connectedClient = client;
    return {
      endpoint,
      bucket,
      client: connectedClient,
      async stop() {
        connectedClient.destroy();
        const closing = server.close();
        // Keep-alive sockets from other clients would otherwise hold close() open.
        server.httpServer?.closeAllConnections();
        await closing;
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    client?.destroy();
    if (server.httpServer?.listening) await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

type TStoredObject = { bucket: string; key: string };
type TReadObject = { content: fs.ReadStream; metadata: Record<string, string | number> } | null;
type TFilesystemStore = {
  putObject(object: TStoredObject): Promise<unknown>;
  getObject(bucket: string, key: string, options?: unknown): Promise<TReadObject>;
  getResourcePath(bucket: string, key: string, resource: string): string;
};

// s3rver writes an object in place, so a concurrent GET can read half of it; real S3 PUTs are atomic. Each PUT
// is written under a unique staging key and renamed into place, object file last.
function makePutsAtomic(server: S3rver) {
  const store = (server as unknown as { store: TFilesystemStore }).store;
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const stagingKey = `${object.key}.staging-${randomUUID()}`;
    const result = await putObject({ ...object, key: stagingKey });
    for (const resource of ["metadata.json", "object.md5", "object"]) {
      const staged = store.getResourcePath(object.bucket, stagingKey, resource);
      if (fs.existsSync(staged)) await fs.promises.rename(staged, store.getResourcePath(object.bucket, object.key, resource));
    }
    return result;
  };
  // Reads stat the file, then open it: a rename in between pairs the old length with the new bytes. Retry then.
  const getObject = store.getObject.bind(store);
  store.getObject = async (bucket, key, options) => {
    for (let attempt = 0; ; attempt++) {
      const object = await getObject(bucket, key, options);
      const fd = (object?.content as unknown as { fd?: number } | undefined)?.fd;
      const ranged = (options as { start?: number; end?: number } | undefined)?.start !== undefined;
      if (!object || fd === undefined || ranged || attempt === 10) return object;
      if (fs.fstatSync(fd).size === Number(object.metadata["content-length"])) return object;
      object.content.destroy();
    }
  };
}
