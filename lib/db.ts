// The one Prisma client: queries go through the pg driver adapter, so no native engine is needed.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { readEnv } from "./env";

export type Db = PrismaClient;

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
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
