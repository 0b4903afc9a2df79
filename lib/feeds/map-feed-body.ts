// Pure: a vendor's body turned into the feed's data. JSON is parsed (UTF-8, a BOM allowed), narrowed to the items
// pointer and mapped field by field with JSON pointers; CSV is parsed with csv-parse (a header row, every row the
// same length) and its columns picked and renamed. Anything unusable throws a FeedBodyError that says where and why.
import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import type { TFeedFormat, TMappingField } from "./schemas";

export class FeedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedBodyError";
  }
}

export type TFeedBodySettings = { format: TFeedFormat; itemsPointer: string | null; mapping: TMappingField[] };

/** The value at an RFC 6901 pointer ("" is the whole document); undefined when nothing is there. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === "object" && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new FeedBodyError("the body is not valid UTF-8 text");
  }
}

function mapObject(item: unknown, mapping: TMappingField[]): Record<string, unknown> {
  return Object.fromEntries(mapping.map((field) => [field.to, resolvePointer(item, field.from) ?? null]));
}

function mapJson(text: string, settings: TFeedBodySettings): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FeedBodyError(`invalid JSON: ${(error as Error).message}`);
  }
  const target = settings.itemsPointer ? resolvePointer(document, settings.itemsPointer) : document;
  if (target === undefined) throw new FeedBodyError(`the items pointer ${settings.itemsPointer} matches nothing in the body`);
  if (settings.mapping.length === 0) return target;
  if (Array.isArray(target)) return target.map((item) => mapObject(item, settings.mapping));
  if (target !== null && typeof target === "object") return mapObject(target, settings.mapping);
  throw new FeedBodyError(`the mapping needs an object or a list of objects${settings.itemsPointer ? ` at ${settings.itemsPointer}` : ""}, and the body has ${target === null ? "null" : typeof target} there`);
}

function mapCsv(text: string, settings: TFeedBodySettings): Record<string, string>[] {
  let header: string[] = [];
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      columns: (names: string[]) => {
        header = names.map((name) => name.trim());
        const duplicate = header.find((name, index) => header.indexOf(name) !== index);
        if (duplicate !== undefined) throw new FeedBodyError(`the CSV header names the column ${JSON.stringify(duplicate)} twice`);
        return header;
      },
    }) as Record<string, string>[];
  } catch (error) {
    if (error instanceof FeedBodyError) throw error;
    // csv-parse names the line: "Invalid Record Length: expect 3, got 2 on line 4".
    throw new FeedBodyError(`invalid CSV: ${(error as Error).message}`);
  }
  if (settings.mapping.length === 0) return rows;
  const missing = settings.mapping.filter((field) => !header.includes(field.from));
  if (missing.length > 0) {
    throw new FeedBodyError(`the CSV has no column ${missing.map((field) => JSON.stringify(field.from)).join(", ")} (its columns: ${header.map((name) => JSON.stringify(name)).join(", ")})`);
  }
  return rows.map((row) => Object.fromEntries(settings.mapping.map((field) => [field.to, row[field.from] ?? ""])));
}

/** The mapped data as JSON text (what is stored and published), and its hash (what "unchanged" compares). */
export function mapFeedBody(body: Buffer, settings: TFeedBodySettings): { json: string; hash: string } {
  const text = decodeUtf8(body);
  const data = settings.format === "json" ? mapJson(text, settings) : mapCsv(text, settings);
  const json = JSON.stringify(data);
  return { json, hash: createHash("sha256").update(json).digest("hex") };
}
