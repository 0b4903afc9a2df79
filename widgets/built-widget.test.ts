import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { publishBuiltWidget } from "../lib/publishing/publish-widget";
import { cacheControlForKey, IMMUTABLE_CACHE, SHORT_CACHE } from "../lib/publishing/object-policy";
import type { Publisher, TPublishObject, TStoredObject } from "../publishers/types";
import { buildWidgetFiles, describeWidgetFile, readBuiltWidget, writeBuiltWidget } from "./build-widget";

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

const readOutput = (fileName: string) => fs.readFile(path.join(outputDir, fileName));

describe("built widget files", () => {
  test("the build writes the entry, the banners file and the lookup file under their content hashes, and a manifest describing the three", async () => {
    const built = await buildWidgetFiles(outputDir);
    expect((await readOutput(built.entry.fileName)).toString("utf8")).toBe(built.entry.code);
    expect((await readOutput(built.banners.fileName)).toString("utf8")).toBe(built.banners.code);
    expect((await readOutput(built.lookup.fileName)).toString("utf8")).toBe(built.lookup.code);
    const manifest = JSON.parse((await readOutput("manifest.json")).toString("utf8")) as unknown;
    expect((await readOutput(built.questions.fileName)).toString("utf8")).toBe(built.questions.code);
    expect(manifest).toEqual({
      schema: 4,
      entry: { fileName: built.entry.fileName, hash: built.entry.hash, gzipBytes: built.entry.gzipBytes },
      banners: { fileName: built.banners.fileName, hash: built.banners.hash, gzipBytes: built.banners.gzipBytes },
      lookup: { fileName: built.lookup.fileName, hash: built.lookup.hash, gzipBytes: built.lookup.gzipBytes },
      questions: { fileName: built.questions.fileName, hash: built.questions.hash, gzipBytes: built.questions.gzipBytes },
    });
    expect(built.entry.fileName).toBe(`ballast.${built.entry.hash.slice(0, 12)}.js`);
    expect(built.banners.fileName).toBe(`ballast-banners.${built.banners.hash.slice(0, 12)}.js`);
    expect(built.lookup.fileName).toBe(`ballast-lookup.${built.lookup.hash.slice(0, 12)}.js`);
    expect(await readBuiltWidget(outputDir)).toEqual(built);
  });

  test("the entry loads the banners file and the lookup file by their content-hashed names", async () => {
    const built = await buildWidgetFiles(outputDir);
    expect(built.entry.code).toContain(`"${built.banners.fileName}"`);
    expect(built.entry.code).toContain(`"${built.lookup.fileName}"`);
    expect(built.entry.code).toContain(`"${built.questions.fileName}"`);
  });

  test("a publish uploads the banners file, the lookup file, then the entry, then the latest alias, byte for byte from disk and not a fresh build", async () => {
    const built = await buildWidgetFiles(outputDir);
    const markedBanners = describeWidgetFile(`${built.banners.code}\n${MARKER}\n`, "banners");
    const markedLookup = describeWidgetFile(`${built.lookup.code}\n${MARKER}\n`, "lookup");
    const markedQuestions = describeWidgetFile(`${built.questions.code}\n${MARKER}\n`, "questions");
    // The entry names the files it loads, so a new banners or lookup file means a new entry too.
    const markedEntry = describeWidgetFile(
      `${built.entry.code.replace(built.banners.fileName, markedBanners.fileName).replace(built.lookup.fileName, markedLookup.fileName).replace(built.questions.fileName, markedQuestions.fileName)}\n${MARKER}\n`,
      "entry",
    );
    await writeBuiltWidget({ entry: markedEntry, banners: markedBanners, lookup: markedLookup, questions: markedQuestions }, outputDir);

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });

    expect(published).toEqual({
      key: `widgets/${markedEntry.fileName}`,
      latestKey: "widgets/ballast.js",
      gzipBytes: markedEntry.gzipBytes,
      bannersKey: `widgets/${markedBanners.fileName}`,
      bannersGzipBytes: markedBanners.gzipBytes,
      lookupKey: `widgets/${markedLookup.fileName}`,
      lookupGzipBytes: markedLookup.gzipBytes,
      questionsKey: `widgets/${markedQuestions.fileName}`,
      questionsGzipBytes: markedQuestions.gzipBytes,
    });
    expect(published.key).not.toContain(built.entry.hash.slice(0, 12));
    expect(publisher.puts.map((put) => put.key)).toEqual([`widgets/${markedBanners.fileName}`, `widgets/${markedLookup.fileName}`, `widgets/${markedQuestions.fileName}`, `widgets/${markedEntry.fileName}`, "widgets/ballast.js"]);
    const [bannersPut, lookupPut, questionsPut, entryPut, latestPut] = publisher.puts;
    expect(Buffer.from(questionsPut!.body).equals(await readOutput(markedQuestions.fileName))).toBe(true);
    expect(questionsPut!.cacheControl).toBe(IMMUTABLE_CACHE);
    expect(Buffer.from(bannersPut!.body).equals(await readOutput(markedBanners.fileName))).toBe(true);
    expect(Buffer.from(lookupPut!.body).equals(await readOutput(markedLookup.fileName))).toBe(true);
    expect(lookupPut!.cacheControl).toBe(IMMUTABLE_CACHE);
    expect(Buffer.from(entryPut!.body).equals(await readOutput(markedEntry.fileName))).toBe(true);
    expect(Buffer.from(latestPut!.body).equals(await readOutput(markedEntry.fileName))).toBe(true);
    expect(bannersPut!.cacheControl).toBe(IMMUTABLE_CACHE);
    expect(entryPut!.cacheControl).toBe(IMMUTABLE_CACHE);
    expect(latestPut!.cacheControl).toBe(SHORT_CACHE);
  });

  test("the banners file, the lookup file and the entry are immutable keys, the latest alias is not", () => {
    expect(cacheControlForKey("widgets/ballast-banners.0123456789ab.js")).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey("widgets/ballast-lookup.0123456789ab.js")).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey("widgets/ballast-questions.0123456789ab.js")).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey("widgets/ballast.0123456789ab.js")).toBe(IMMUTABLE_CACHE);
    expect(cacheControlForKey("widgets/ballast.js")).toBe(SHORT_CACHE);
  });

  test.each(["entry", "banners", "lookup", "questions"] as const)("a %s file that does not match its manifest is refused, and nothing is uploaded", async (kind) => {
    const built = await buildWidgetFiles(outputDir);
    await fs.appendFile(path.join(outputDir, built[kind].fileName), MARKER);

    const publisher = new RecordingPublisher();
    await expect(publishBuiltWidget({ publisher, outputDir })).rejects.toThrow(/does not match manifest\.json/);
    expect(publisher.puts).toEqual([]);
  });

  test("an entry that loads another banners file than the manifest's is refused", async () => {
    const built = await buildWidgetFiles(outputDir);
    const otherBanners = describeWidgetFile(`${built.banners.code}\n${MARKER}\n`, "banners");
    await writeBuiltWidget({ ...built, banners: otherBanners }, outputDir);

    await expect(readBuiltWidget(outputDir)).rejects.toThrow(/does not load ballast-banners\.[0-9a-f]{12}\.js/);
  });

  test("an entry that loads another lookup file than the manifest's is refused", async () => {
    const built = await buildWidgetFiles(outputDir);
    const otherLookup = describeWidgetFile(`${built.lookup.code}\n${MARKER}\n`, "lookup");
    await writeBuiltWidget({ ...built, lookup: otherLookup }, outputDir);

    await expect(readBuiltWidget(outputDir)).rejects.toThrow(/does not load ballast-lookup\.[0-9a-f]{12}\.js/);
  });

  test("a manifest from before the lookup file counts as no build, so the next publish builds the three files", async () => {
    const built = await buildWidgetFiles(outputDir);
    const { entry, banners } = built;
    const manifestEntry = (file: typeof entry) => ({ fileName: file.fileName, hash: file.hash, gzipBytes: file.gzipBytes });
    await fs.writeFile(path.join(outputDir, "manifest.json"), JSON.stringify({ schema: 2, entry: manifestEntry(entry), banners: manifestEntry(banners) }));
    expect(await readBuiltWidget(outputDir)).toBeNull();

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });
    expect(published.lookupKey).toBe(`widgets/${built.lookup.fileName}`);
    expect(await readBuiltWidget(outputDir)).toEqual(built);
  });

  test("a manifest from before the banners split counts as no build, so the next publish builds both files", async () => {
    const built = await buildWidgetFiles(outputDir);
    await fs.writeFile(path.join(outputDir, "manifest.json"), JSON.stringify({ fileName: built.entry.fileName, hash: built.entry.hash, gzipBytes: built.entry.gzipBytes }));
    expect(await readBuiltWidget(outputDir)).toBeNull();

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });
    expect(published.bannersKey).toBe(`widgets/${built.banners.fileName}`);
    expect(await readBuiltWidget(outputDir)).toEqual(built);
  });

  test("without a prior build, the first publish builds the widget into the folder and uploads those files", async () => {
    expect(await readBuiltWidget(outputDir)).toBeNull();

    const publisher = new RecordingPublisher();
    const published = await publishBuiltWidget({ publisher, outputDir });

    const written = await readBuiltWidget(outputDir);
    expect(written).not.toBeNull();
    expect(published.key).toBe(`widgets/${written?.entry.fileName}`);
    expect(published.bannersKey).toBe(`widgets/${written?.banners.fileName}`);
    expect(published.lookupKey).toBe(`widgets/${written?.lookup.fileName}`);
    const [bannersPut, lookupPut, questionsPut, entryPut] = publisher.puts;
    expect(Buffer.from(bannersPut!.body).equals(await readOutput(written!.banners.fileName))).toBe(true);
    expect(Buffer.from(lookupPut!.body).equals(await readOutput(written!.lookup.fileName))).toBe(true);
    expect(Buffer.from(questionsPut!.body).equals(await readOutput(written!.questions.fileName))).toBe(true);
    expect(Buffer.from(entryPut!.body).equals(await readOutput(written!.entry.fileName))).toBe(true);
  });
});
