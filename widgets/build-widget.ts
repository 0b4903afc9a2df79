// Builds the embeddable widget (widgets/src) into one minified IIFE; the publish worker uploads it to
// `widgets/<fileName>` (immutable) and `widgets/ballast.js` (short TTL).
import { createHash } from "node:crypto";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

// Next bundles this module (import.meta.url is then not the source's place); every Ballast process runs from the project root.
const entryPoint = () => path.join(process.cwd(), "widgets", "src", "liveblog.ts");

export type TBuiltWidget = {
  code: string;
  /** Full sha256 of `code`, hex. */
  hash: string;
  /** `ballast.<first 12 hex of hash>.js` */
  fileName: string;
  /** Size of `code` gzipped at level 9, for the 5 KB budget. */
  gzipBytes: number;
};

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
  const code = output.text;
  const hash = createHash("sha256").update(code).digest("hex");
  return { code, hash, fileName: `ballast.${hash.slice(0, 12)}.js`, gzipBytes: gzipSync(code, { level: 9 }).length };
}
