// Builds the embeddable widget (widgets/src) into one minified IIFE; the publish worker uploads it to
// `widgets/<fileName>` (immutable) and `widgets/ballast.js` (short TTL).
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ENTRY_POINT = fileURLToPath(new URL("./src/liveblog.ts", import.meta.url));

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
    entryPoints: [ENTRY_POINT],
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
