// The one Prisma client: queries go through the pg driver adapter, so no native engine is needed.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { readEnv } from "./env";

export type Db = PrismaClient;

export function createDb(connectionString: string): Db {
  // Bounded waits: during a database outage a query fails (and the caller backs off) instead of hanging forever.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, query_timeout: 60_000 }) });
}

const globalForDb = globalThis as unknown as { ballastDb?: Db };

/** The process-wide client for DATABASE_URL (kept on globalThis so Next's dev reloads reuse one pool). */
export function db(): Db {
  if (!globalForDb.ballastDb) {
    const { DATABASE_URL } = readEnv();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set; start Ballast with `npm start`, which provides one.");
    globalForDb.ballastDb = createDb(DATABASE_URL);
  }
  return globalForDb.ballastDb;
}

/** Closes the pool, but never waits longer than `ms`: a connection lost mid-transaction in an outage can stay checked out. */
export async function disconnectWithin(database: Db, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([database.$disconnect(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
