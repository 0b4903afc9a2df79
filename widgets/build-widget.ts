// Builds the embeddable widget (widgets/src) into three minified IIFEs: the entry `ballast.<hash>.js` (live blog plus a
// tiny banner and lookup bootstrap), `ballast-banners.<hash>.js`, which the entry loads only on pages with a banner
// slot, and `ballast-lookup.<hash>.js`, loaded only on pages with a lookup form or at the first `Ballast.lookup` call.
// `npm run build` runs this file to write them and a manifest to widgets/dist; a publish uploads them to `widgets/`.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { z } from "zod";
import { projectRoot } from "../lib/process/project-paths";

// Next bundles this module (import.meta.url is then not the source's place); every Ballast process runs from the project root.
const sourceFile = (name: string) => path.join(process.cwd(), "widgets", "src", name);

/** Where `npm run build` writes the widget; git-ignored. */
export const widgetOutputDir = path.join(projectRoot, "widgets", "dist");

const MANIFEST_FILE = "manifest.json";

/** Budgets in gzipped bytes (level 9), enforced by widgets/widget-size.test.ts. */
export const ENTRY_GZIP_BUDGET = 5 * 1024;
export const TOTAL_GZIP_BUDGET = 8 * 1024;
/** The lazily loaded lookup file on its own. */
export const LOOKUP_GZIP_BUDGET = 2 * 1024;
/** The lazily loaded reader-questions file (the "Ask a question" form and published questions) on its own. */
export const QUESTIONS_GZIP_BUDGET = 3 * 1024;

const FILE_PREFIX = { entry: "ballast", banners: "ballast-banners", lookup: "ballast-lookup", questions: "ballast-questions" } as const;
export type TWidgetFileKind = keyof typeof FILE_PREFIX;

export type TBuiltFile = {
  code: string;
  /** Full sha256 of `code`, hex. */
  hash: string;
  /** `ballast.<first 12 hex of hash>.js`, `ballast-banners.<…>.js` or `ballast-lookup.<…>.js` */
  fileName: string;
  /** Size of `code` gzipped at level 9, for the budgets. */
  gzipBytes: number;
};

/** The entry embeds the banners and lookup files' names, so the three are always built, written and uploaded together. */
export type TBuiltWidget = { entry: TBuiltFile; banners: TBuiltFile; lookup: TBuiltFile; questions: TBuiltFile };

const fileSchema = (kind: TWidgetFileKind) =>
  z.object({
    fileName: z.string().regex(new RegExp(`^${FILE_PREFIX[kind]}\\.[0-9a-f]{12}\\.js$`)),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    gzipBytes: z.number().int().positive(),
  });

export const ZWidgetManifestSchema = z.object({ schema: z.literal(4), entry: fileSchema("entry"), banners: fileSchema("banners"), lookup: fileSchema("lookup"), questions: fileSchema("questions") });
export type TWidgetManifest = z.infer<typeof ZWidgetManifestSchema>;

async function bundle(source: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [sourceFile(source)],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2019",
    platform: "browser",
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    define,
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for widgets/src/${source}`);
  return output.text;
}

export async function buildWidget(): Promise<TBuiltWidget> {
  // The lazy files first: the entry is built with their content-hashed names in it.
  const banners = describeWidgetFile(await bundle("banners.ts"), "banners");
  const lookup = describeWidgetFile(await bundle("lookup.ts"), "lookup");
  const questions = describeWidgetFile(await bundle("questions.ts"), "questions");
  const entry = describeWidgetFile(
    await bundle("liveblog.ts", { BALLAST_BANNERS_FILE: JSON.stringify(banners.fileName), BALLAST_LOOKUP_FILE: JSON.stringify(lookup.fileName), BALLAST_QUESTIONS_FILE: JSON.stringify(questions.fileName) }),
    "entry",
  );
  return { entry, banners, lookup, questions };
}

/** Names and measures one widget file; the name changes whenever a byte does. */
export function describeWidgetFile(code: string, kind: TWidgetFileKind): TBuiltFile {
  const hash = hashCode(code);
  return { code, hash, fileName: `${FILE_PREFIX[kind]}.${hash.slice(0, 12)}.js`, gzipBytes: gzipSync(code, { level: 9 }).length };
}

const manifestEntry = ({ fileName, hash, gzipBytes }: TBuiltFile) => ({ fileName, hash, gzipBytes });

/** Writes a built widget and its manifest to `outputDir`; the manifest goes last, so a reader never sees it before its files. */
export async function writeBuiltWidget(widget: TBuiltWidget, outputDir = widgetOutputDir): Promise<void> {
  await fs.mkdir(outputDir, { recursive: true });
  const manifest: TWidgetManifest = { schema: 4, entry: manifestEntry(widget.entry), banners: manifestEntry(widget.banners), lookup: manifestEntry(widget.lookup), questions: manifestEntry(widget.questions) };
  await writeAtomically(path.join(outputDir, widget.banners.fileName), widget.banners.code);
  await writeAtomically(path.join(outputDir, widget.lookup.fileName), widget.lookup.code);
  await writeAtomically(path.join(outputDir, widget.questions.fileName), widget.questions.code);
  await writeAtomically(path.join(outputDir, widget.entry.fileName), widget.entry.code);
  await writeAtomically(path.join(outputDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Builds the widget and writes it to `outputDir`. */
export async function buildWidgetFiles(outputDir = widgetOutputDir): Promise<TBuiltWidget> {
  const widget = await buildWidget();
  await writeBuiltWidget(widget, outputDir);
  return widget;
}

/**
 * The widget last written to `outputDir`, or null when there is none (or only a build from before the banners split or
 * the lookup file); throws if a file does not match its manifest, or the entry does not load the manifest's banners and
 * lookup files.
 */
export async function readBuiltWidget(outputDir = widgetOutputDir): Promise<TBuiltWidget | null> {
  const manifestText = await readIfExists(path.join(outputDir, MANIFEST_FILE));
  if (manifestText === null) return null;
  const parsed = JSON.parse(manifestText) as { schema?: unknown } | null;
  if (parsed?.schema === undefined || parsed.schema === 2 || parsed.schema === 3) return null;
  const manifest = ZWidgetManifestSchema.parse(parsed);
  const entry = await readVerifiedFile(outputDir, manifest.entry, "entry");
  const banners = await readVerifiedFile(outputDir, manifest.banners, "banners");
  const lookup = await readVerifiedFile(outputDir, manifest.lookup, "lookup");
  const questions = await readVerifiedFile(outputDir, manifest.questions, "questions");
  if (!entry || !banners || !lookup || !questions) return null;
  for (const loaded of [banners, lookup, questions]) {
    if (!entry.code.includes(`"${loaded.fileName}"`)) {
      throw new Error(`${path.join(outputDir, entry.fileName)} does not load ${loaded.fileName} named by ${MANIFEST_FILE}; run \`npm run build\` again.`);
    }
  }
  return { entry, banners, lookup, questions };
}

async function readVerifiedFile(outputDir: string, described: Omit<TBuiltFile, "code">, kind: TWidgetFileKind): Promise<TBuiltFile | null> {
  const file = path.join(outputDir, described.fileName);
  const code = await readIfExists(file);
  if (code === null) return null;
  // The file goes out under an immutable key, so a torn or edited file must not be uploaded as the manifest's.
  if (hashCode(code) !== described.hash || described.fileName !== `${FILE_PREFIX[kind]}.${described.hash.slice(0, 12)}.js`) {
    throw new Error(`${file} does not match ${MANIFEST_FILE}; run \`npm run build\` again.`);
  }
  return { code, ...described };
}

function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, file);
}

// `node --import tsx widgets/build-widget.ts` (npm run build): build once and say what was written.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildWidgetFiles().then(
    ({ entry, banners, lookup, questions }) => {
      const where = (file: TBuiltFile) => path.relative(process.cwd(), path.join(widgetOutputDir, file.fileName));
      console.log(`[ballast] widget built: ${[entry, banners, lookup, questions].map((file) => `${where(file)} (${file.gzipBytes} B gzip)`).join(" + ")}`);
    },
    (error: unknown) => {
      console.error(`[ballast] widget build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
