// A separate process that serves published files, standing in for the CDN in benchmarks: readers load it, not
// the admin. Usage: node --import tsx bench/cdn-stand-in.ts <published-dir> <port>
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { cacheControlForKey, contentTypeForKey } from "../lib/publishing/object-policy";

const [root, port] = process.argv.slice(2);
if (!root || !port) throw new Error("usage: cdn-stand-in.ts <published-dir> <port>");

http
  .createServer(async (request, response) => {
    const key = decodeURIComponent(new URL(request.url ?? "/", "http://cdn").pathname).replace(/^\/+/, "");
    const file = path.resolve(root, key);
    if (!file.startsWith(path.resolve(root) + path.sep)) return void response.writeHead(400).end();
    try {
      const body = await fs.readFile(file);
      response.writeHead(200, { "Content-Type": contentTypeForKey(key), "Cache-Control": cacheControlForKey(key) }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
