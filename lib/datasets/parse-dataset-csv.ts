// Streams a staged CSV through csv-parse and checks every row: short and long rows, empty and unusable keys, and
// bytes that are not UTF-8, each with its line number. Good rows come out in batches (the caller bulk-inserts them);
// duplicate keys are found afterwards in Postgres, so memory stays flat however many rows the file has.
import { isUtf8 } from "node:buffer";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse, type CsvError, type Info } from "csv-parse";
import { renderDatasetKeyFile, sha256Hex } from "../render/render-dataset";
import { IMPORT_BATCH_ROWS } from "./constants";
import { invalidKeyReason, normalizeDatasetKey } from "./normalize-key";
import type { TDatasetImportOptions, TReportProblem, TReportProblemCode } from "./schemas";

export type TParsedRow = { line: number; key: string; values: string[]; contentHash: string; bytes: number };

export type TParseResult = {
  header: string[];
  /** The value columns published (the chosen ones, or every column but the key). */
  columns: string[];
  rowsParsed: number;
  rowsAccepted: number;
  bytes: number;
  /** A problem that stops the import whatever skipBadRows says (a chosen column missing from the header). */
  fatal: boolean;
};

export type TProblemSink = (problem: TReportProblem) => void;

/** Counts lines as bytes pass and notes the lines holding bytes that are not UTF-8 (csv-parse would turn them into
 * U+FFFD silently). A sequence split across chunks is carried over to the next one. */
class Utf8LineCheck extends Transform {
  readonly badLines = new Set<number>();
  private line = 1;
  private carry = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    // Hold back an incomplete multi-byte sequence at the end (at most 3 bytes).
    let end = bytes.length;
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
      const byte = bytes[bytes.length - back]!;
      if ((byte & 0xc0) !== 0x80) {
        const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        if (need > back) end = bytes.length - back;
        break;
      }
    }
    const whole = bytes.subarray(0, end);
    this.carry = Buffer.from(bytes.subarray(end));
    this.scan(whole);
    callback(null, whole);
  }

  override _flush(callback: (error?: Error | null, data?: Buffer) => void): void {
    if (this.carry.length) this.scan(this.carry);
    callback(null, this.carry);
  }

  private scan(bytes: Buffer): void {
    if (isUtf8(bytes)) {
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) this.line++;
      return;
    }
    // Slow path, only for a chunk with bad bytes: check line by line.
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(10, start);
      const lineBytes = bytes.subarray(start, newline === -1 ? bytes.length : newline);
      if (!isUtf8(lineBytes)) this.badLines.add(this.line);
      if (newline === -1) break;
      this.line++;
      start = newline + 1;
    }
  }
}

function problem(line: number, code: TReportProblemCode, message: string, key?: string): TReportProblem {
  return key === undefined ? { line, code, message } : { line, code, message, key };
}

/** Reads the CSV: the header first (line 1), then every row; `onBatch` receives good rows in batches, awaited (so a
 * slow insert slows the read instead of filling memory). */
export async function parseDatasetCsv(
  source: Readable,
  options: TDatasetImportOptions,
  sink: { onProblem: TProblemSink; onBatch: (rows: TParsedRow[], rowsParsed: number) => Promise<void> },
): Promise<TParseResult> {
  const check = new Utf8LineCheck();
  const result: TParseResult = { header: [], columns: [], rowsParsed: 0, rowsAccepted: 0, bytes: 0, fatal: false };
  let keyIndex = -1;
  let valueIndexes: number[] = [];
  let previousLine = 0;
  let batch: TParsedRow[] = [];

  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, skip_records_with_error: true, max_record_size: 1024 * 1024 });
  parser.on("skip", (error: CsvError) => {
    const line = typeof error.lines === "number" ? error.lines : previousLine + 1;
    sink.onProblem(problem(line, "bad_encoding", `Line ${line} is not valid CSV: ${error.message.replace(/^Invalid \w+: /, "")}`));
  });

  const rows = new Transform({
    objectMode: true,
    transform: (item: { record: string[]; info: Info }, _encoding, callback) => {
      const { record, info } = item;
      const line = info.lines;
      const firstLine = previousLine + 1;
      previousLine = line;
      if (result.header.length === 0 && !result.fatal) {
        result.header = record.map((name) => name.trim());
        keyIndex = result.header.indexOf(options.keyColumn);
        const available = `the header has ${result.header.map((name) => JSON.stringify(name)).join(", ")}`;
        if (keyIndex === -1) {
          sink.onProblem(problem(line, "missing_column", `The key column "${options.keyColumn}" is not in the header (${available}).`));
          result.fatal = true;
        }
        const chosen = options.valueColumns.length > 0 ? options.valueColumns : result.header.filter((name, index) => index !== keyIndex && name !== "");
        for (const column of chosen) {
          if (!result.header.includes(column)) {
            sink.onProblem(problem(line, "missing_column", `The value column "${column}" is not in the header (${available}).`));
            result.fatal = true;
          }
        }
        result.columns = chosen;
        valueIndexes = chosen.map((column) => result.header.indexOf(column));
        // A header we cannot use: stop reading (the report says why).
        callback(result.fatal ? new StopParsing() : null);
        return;
      }
      result.rowsParsed++;
      let bad = false;
      for (let at = firstLine; at <= line; at++) {
        if (check.badLines.has(at)) {
          sink.onProblem(problem(at, "bad_encoding", `Line ${at} has bytes that are not UTF-8 (save the file as UTF-8).`));
          bad = true;
          break;
        }
      }
      if (record.length < result.header.length) {
        sink.onProblem(problem(line, "short_row", `Line ${line} has ${record.length} field${record.length === 1 ? "" : "s"}; the header has ${result.header.length}.`));
        bad = true;
      } else if (record.length > result.header.length) {
        sink.onProblem(problem(line, "long_row", `Line ${line} has ${record.length} fields; the header has ${result.header.length}.`));
        bad = true;
      }
      const key = normalizeDatasetKey(record[keyIndex] ?? "", options);
      if (!bad) {
        const invalid = key ? invalidKeyReason(key) : null;
        if (!key) {
          sink.onProblem(problem(line, "empty_key", `Line ${line} has no key (column "${options.keyColumn}" is empty).`));
          bad = true;
        } else if (invalid) {
          sink.onProblem(problem(line, "invalid_key", `Line ${line}: the key ${JSON.stringify(key.slice(0, 60))} ${invalid}.`, key.slice(0, 200)));
          bad = true;
        }
      }
      const values = valueIndexes.map((index) => record[index] ?? "");
      if (!bad && values.some((value) => value.includes("\u0000"))) {
        sink.onProblem(problem(line, "bad_encoding", `Line ${line} contains a NUL character.`));
        bad = true;
      }
      if (bad) {
        callback();
        return;
      }
      const body = renderDatasetKeyFile(key, result.columns, values);
      const bytes = Buffer.byteLength(body);
      batch.push({ line, key, values, contentHash: sha256Hex(body), bytes });
      result.rowsAccepted++;
      result.bytes += bytes;
      if (batch.length < IMPORT_BATCH_ROWS) {
        callback();
        return;
      }
      const full = batch;
      batch = [];
      sink.onBatch(full, result.rowsParsed).then(() => callback(), callback);
    },
    flush: (callback) => {
      const rest = batch;
      batch = [];
      if (rest.length === 0) return callback();
      sink.onBatch(rest, result.rowsParsed).then(() => callback(), callback);
    },
  });

  try {
    await pipeline(source, check, parser, rows);
  } catch (error) {
    if (!(error instanceof StopParsing)) throw error;
  }
  if (result.header.length === 0 && !result.fatal) {
    sink.onProblem(problem(1, "missing_column", "The file is empty: the first line must name the columns."));
    result.fatal = true;
  }
  return result;
}

class StopParsing extends Error {}
