// Publishes to a folder (the embedded default, served by the app at /cdn). Writes are atomic: temp file + rename.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { assertSafeKey, type Publisher, type TPublishObject, type TStoredObject } from "./types";

export class FilePublisher implements Publisher {
  readonly description: string;

  constructor(private readonly rootDir: string) {
    this.description = `files under ${rootDir}`;
  }

  private pathFor(key: string): string {
    assertSafeKey(key);
    return path.join(this.rootDir, ...key.split("/"));
  }

  async put(object: TPublishObject): Promise<void> {
    const target = this.pathFor(object.key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await fs.open(temporary, "w", 0o644);
    try {
      await handle.writeFile(object.body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  }

  async get(key: string): Promise<TStoredObject | null> {
    try {
      const file = this.pathFor(key);
      const [body, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
      return { body, modifiedAt: stat.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathFor(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the folder the prefix names (its part up to the last slash), then filter by the rest.
    const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    if (folder) assertSafeKey(folder.slice(0, -1));
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(path.join(this.rootDir, ...relative.split("/").filter(Boolean)), { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return;
        throw error;
      }
      for (const entry of entries) {
        const key = `${relative}${entry.name}`;
        if (entry.isDirectory()) await walk(`${key}/`);
        // Temp files of writes in flight are not objects yet.
        else if (entry.isFile() && !/\.[0-9a-f]{12}\.tmp$/.test(entry.name) && key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(folder);
    return keys.sort();
  }
}
