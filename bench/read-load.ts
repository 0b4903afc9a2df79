// A separate process of readers for the write-queue benchmark: N keep-alive connections fetching one URL in a loop,
// so their responses never queue in the event loop that times the editors' acknowledgements.
// Usage: node --import tsx bench/read-load.ts <url> <connections>; prints "ready", and on SIGTERM the reads made.
import http from "node:http";

const [url, connections] = process.argv.slice(2);
if (!url || !connections) throw new Error("usage: read-load.ts <url> <connections>");
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
let reads = 0;
let running = true;

function read(): Promise<void> {
  return new Promise((resolve) => {
    const request = http.get(url!, { agent }, (response) => {
      response.resume();
      response.on("end", () => {
        reads++;
        resolve();
      });
    });
    request.on("error", () => resolve());
  });
}

const readers = Array.from({ length: Number(connections) }, async () => {
  while (running) await read();
});
const startedAt = performance.now();
console.log("ready");
process.once("SIGTERM", () => {
  running = false;
  void Promise.all(readers).then(() => {
    console.log(JSON.stringify({ reads, seconds: (performance.now() - startedAt) / 1000 }));
    process.exit(0);
  });
});
