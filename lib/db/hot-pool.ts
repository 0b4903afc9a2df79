// A small plain-pg pool for the per-request reads on the posting path, where Prisma's per-call cost would dominate.
import pg from "pg";
import { readEnv } from "../env";
import { logger } from "../logger";
import { createOutageLogger } from "./outage-logger";

const globalForPool = globalThis as unknown as { ballastHotPool?: pg.Pool };

export function hotPool(): pg.Pool {
  if (!globalForPool.ballastHotPool) {
    const { DATABASE_URL } = readEnv();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set; start Ballast with `npm start`, which provides one.");
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, query_timeout: 10_000 });
    // An idle connection dropped during an outage must not crash the process; the next query reports it. The
    // outage is logged once (not once per pooled connection), and its end when a new connection is made.
    const outage = createOutageLogger("admin server");
    pool.on("error", (error) => {
      if (!outage.failed(error)) logger.warn({ err: error }, "idle database connection lost");
    });
    pool.on("connect", () => outage.succeeded());
    globalForPool.ballastHotPool = pool;
  }
  return globalForPool.ballastHotPool;
}
