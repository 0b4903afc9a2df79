import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { publishBuiltWidget } from "../lib/publishing/publish-widget";
import type { Publisher, TPublishObject, TStoredObject } from "../publishers/types";
import { buildWidgetFiles, describeWidget, readBuiltWidget, writeBuiltWidget } from "./build-widget";

/** Keeps every put in memory, in order, so the test sees exactly what a publish uploaded. */
class RecordingPublisher implements Publisher {
  readonly description = "in-memory recorder";
  readonly puts: TPublishObject[] = [];
  private readonly objects = new Map<string, TStoredObject>();

  async put(object: TPublishObject): Promise<void> {
    this.puts.push(object);
    this.objects.set(object.key, { body: Buffer.from(object.body), modifiedAt: new Date() });
  }

  async get(key: string): Promise<TStoredObject | null> {
    return this.objects.get(key) ?? null;
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

const MARKER = "/* built-widget.test: this byte sequence is not produced by esbuild */";

let outputDir: string;

beforeEach(async () => {
  outputDir = await fs.mkdtemp(path.join(os.tmpdir(), "ballast-widget-"));
});

afterEach(async () => {
  await fs.rm(outputDir, { recursive: true, force: true });
});

describe("built widget files", () => {
  test("the build writes the minified file under its content hash, and a manifest naming it", async () => {
    const built = await buildWidgetFiles(outputDir);
    expect((await fs.readFile(path.join(outputDir, built.fileName), "utf8"))).toBe(built.code);
    const manifest = JSON.parse(await fs.readFile(path.join(outputDir, "manifest.json"), "utf8")) as unknown;
    expect(manifest).toEqual({ fileName: built.fileName, hash: built.hash, gzipBytes: built.gzipBytes });
    expect(built.fileName).toBe(`ballast.${built.hash.slice(0, 12)}.js`);
  });

  test("a publish uploads the exact bytes of the file on disk under its content-hashed key, not a fresh build", async () => {
    const built = await buildWidgetFiles(outputDir);
    const marked = describeWidget(`${built.code}\n${MARKER}\n`);
    await writeBuiltWidget(marked, outputDir);
    const onDisk = await fs.readFile(path.join(outputDir, marked.fileName));
    expect(onDisk.toString("utf8")).toContain(MARKER);

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });

    expect(published).toEqual({ key: `widgets/${marked.fileName}`, latestKey: "widgets/ballast.js", gzipBytes: marked.gzipBytes });
    expect(published.key).toContain(marked.hash.slice(0, 12));
    expect(published.key).not.toContain(built.hash.slice(0, 12));
    expect(publisher.puts.map((put) => put.key)).toEqual([`widgets/${marked.fileName}`, "widgets/ballast.js"]);
    for (const put of publisher.puts) expect(Buffer.from(put.body).equals(onDisk)).toBe(true);
  });

  test("a file that does not match its manifest is refused, and nothing is uploaded", async () => {
    const built = await buildWidgetFiles(outputDir);
    await fs.appendFile(path.join(outputDir, built.fileName), MARKER);

    const publisher = new RecordingPublisher();
    await expect(publishBuiltWidget({ publisher, outputDir })).rejects.toThrow(/does not match manifest\.json/);
    expect(publisher.puts).toEqual([]);
  });

  test("without a prior build, the first publish builds the widget into the folder and uploads that file", async () => {
    expect(await readBuiltWidget(outputDir)).toBeNull();

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });

    const written = await readBuiltWidget(outputDir);
    expect(written).not.toBeNull();
    expect(published.key).toBe(`widgets/${written?.fileName}`);
    const onDisk = await fs.readFile(path.join(outputDir, written?.fileName ?? ""));
    for (const put of publisher.puts) expect(Buffer.from(put.body).equals(onDisk)).toBe(true);
  });
});
