// Builds the embeddable widget (widgets/src) into one minified IIFE; `npm run build` runs this file to write it and a
// manifest to widgets/dist, which a publish uploads to `widgets/<fileName>` (immutable) and `widgets/ballast.js`.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { z } from "zod";
import { projectRoot } from "../lib/process/project-paths";

// Next bundles this module (import.meta.url is then not the source's place); every Ballast process runs from the project root.
const entryPoint = () => path.join(process.cwd(), "widgets", "src", "liveblog.ts");

/** Where `npm run build` writes the widget; git-ignored. */
export const widgetOutputDir = path.join(projectRoot, "widgets", "dist");

const MANIFEST_FILE = "manifest.json";

export type TBuiltWidget = {
  code: string;
  /** Full sha256 of `code`, hex. */
  hash: string;
  /** `ballast.<first 12 hex of hash>.js` */
  fileName: string;
  /** Size of `code` gzipped at level 9, for the 5 KB budget. */
  gzipBytes: number;
};

export const ZWidgetManifestSchema = z.object({
  fileName: z.string().regex(/^ballast\.[0-9a-f]{12}\.js$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  gzipBytes: z.number().int().positive(),
});
export type TWidgetManifest = z.infer<typeof ZWidgetManifestSchema>;

export async function buildWidget(): Promise<TBuiltWidget> {
  const result = await build({
    entryPoints: [entryPoint()],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2019",
    platform: "browser",
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no widget output");
  return describeWidget(output.text);
}

/** Names and measures widget code; the name changes whenever a byte does. */
export function describeWidget(code: string): TBuiltWidget {
  const hash = hashCode(code);
  return { code, hash, fileName: `ballast.${hash.slice(0, 12)}.js`, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Writes a built widget and its manifest to `outputDir`; the manifest goes last, so a reader never sees it before its file. */
export async function writeBuiltWidget(widget: TBuiltWidget, outputDir = widgetOutputDir): Promise<void> {
  await fs.mkdir(outputDir, { recursive: true });
  const manifest: TWidgetManifest = { fileName: widget.fileName, hash: widget.hash, gzipBytes: widget.gzipBytes };
  await writeAtomically(path.join(outputDir, widget.fileName), widget.code);
  await writeAtomically(path.join(outputDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Builds the widget and writes it to `outputDir`. */
export async function buildWidgetFiles(outputDir = widgetOutputDir): Promise<TBuiltWidget> {
  const widget = await buildWidget();
  await writeBuiltWidget(widget, outputDir);
  return widget;
}

/** The widget last written to `outputDir`, or null when there is none; throws if the file does not match its manifest. */
export async function readBuiltWidget(outputDir = widgetOutputDir): Promise<TBuiltWidget | null> {
  const manifestText = await readIfExists(path.join(outputDir, MANIFEST_FILE));
  if (manifestText === null) return null;
  const manifest = ZWidgetManifestSchema.parse(JSON.parse(manifestText));
  const code = await readIfExists(path.join(outputDir, manifest.fileName));
  if (code === null) return null;
  // The file goes out under an immutable key, so a torn or edited file must not be uploaded as the manifest's.
  if (hashCode(code) !== manifest.hash || manifest.fileName !== `ballast.${manifest.hash.slice(0, 12)}.js`) {
    throw new Error(`${path.join(outputDir, manifest.fileName)} does not match ${MANIFEST_FILE}; run \`npm run build\` again.`);
  }
  return { code, ...manifest };
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
    (widget) => console.log(`[ballast] widget built: ${path.relative(process.cwd(), path.join(widgetOutputDir, widget.fileName))} (${widget.gzipBytes} B gzip)`),
    (error: unknown) => {
      console.error(`[ballast] widget build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
