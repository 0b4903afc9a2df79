// What an operator reads when Postgres is unreachable, from the errors pg and Prisma really throw (a closed port).
import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../db";
import { describeError } from "../logger";
import { testDb } from "../../test/support/test-db";
import { cannotReachPostgresMessage, describeDatabaseOutage } from "./describe-database-error";
import { isDatabaseUnavailable } from "./is-database-unavailable";
import { createOutageLogger } from "./outage-logger";

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const port = await closedPort();
const unreachableUrl = `postgresql://ballast:secret@127.0.0.1:${port}/ballast`;
const prisma = createDb(unreachableUrl);
afterAll(() => prisma.$disconnect());

async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("an unreachable Postgres, in one line", () => {
  it("names the address and the reason for pg's own error", async () => {
    const client = new pg.Client({ connectionString: unreachableUrl });
    const error = await thrownBy(() => client.connect());
    expect(describeDatabaseOutage(error)).toEqual({ reason: "connection refused", address: `127.0.0.1:${port}` });
    expect(cannotReachPostgresMessage(error)).toBe(`Cannot reach Postgres at 127.0.0.1:${port} (connection refused). Is it running?`);
  });

  it("maps Prisma's model and raw-query errors, never showing its invocation frame", async () => {
    for (const error of [await thrownBy(() => prisma.user.findFirst()), await thrownBy(() => prisma.$queryRaw`SELECT 1`)]) {
      expect((error as Error).message).toContain("Invalid `");
      expect(describeError(error)).toBe(`Cannot reach Postgres at 127.0.0.1:${port} (connection refused). Is it running?`);
    }
  });

  it("falls back to the URL's address when the error names none, and keeps the password out", () => {
    const error = new Error("Can't reach database server at `db.internal:5432`");
    expect(describeError(error, { databaseUrl: "postgresql://ballast:hunter2@db.internal:5432/ballast" })).toBe(
      "Cannot reach Postgres at db.internal:5432 (connection refused or host not found). Is it running?",
    );
  });

  it("says why for a dropped connection or a server shutting down, without the running hint", () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
    expect(describeDatabaseOutage(terminated)?.reason).toBe("connection closed by the server");
    const startingUp = Object.assign(new Error("the database system is starting up"), { code: "57P03", severity: "FATAL" });
    expect(cannotReachPostgresMessage(startingUp, unreachableUrl)).toBe(`Cannot reach Postgres at 127.0.0.1:${port} (Postgres is starting up or shutting down).`);
  });

  it("knows a server still in crash recovery, whose SQLSTATE Prisma keeps only under meta.driverAdapterError", () => {
    // As Prisma 6.19 threw it while the restarted Postgres replayed its WAL.
    const message = "the database system is not yet accepting connections";
    const recovering = Object.assign(new Error(`\nInvalid \`prisma.$queryRaw()\` invocation:\n\n\nRaw query failed. Code: \`57P03\`. Message: \`${message}\``), {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "57P03", originalMessage: message, kind: "postgres", code: "57P03", severity: "FATAL", message } } },
    });
    expect(isDatabaseUnavailable(recovering)).toBe(true);
    expect(describeError(recovering, { databaseUrl: unreachableUrl })).toBe(`Cannot reach Postgres at 127.0.0.1:${port} (Postgres is starting up or shutting down).`);
    expect(isDatabaseUnavailable({ name: "PrismaClientKnownRequestError", code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "23505" } } } })).toBe(false);
  });

  it("leaves other errors alone: none is an outage, and a CLI gets their reason in one line", async () => {
    const invalid = await thrownBy(() => testDb().user.create({ data: {} as never }));
    expect(describeDatabaseOutage(invalid)).toBeNull();
    const line = describeError(invalid);
    expect(line).not.toContain("Invalid `");
    expect(line).not.toContain("\n");
    expect(line).toMatch(/Argument `\w+` is missing/);
    expect(describeError(new Error("Invalid configuration:\n  PORT: Invalid input\n  AUTH_SECRET: must be at least 32 characters"))).toBe(
      "Invalid configuration: PORT: Invalid input AUTH_SECRET: must be at least 32 characters",
    );
  });
});

describe("createOutageLogger", () => {
  it("logs an outage once when it starts and once when it ends, with a short reason and no error object", async () => {
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const log = {
      warn: (fields: object, message: string) => lines.push({ level: "warn", fields: fields as Record<string, unknown>, message }),
      info: (fields: object, message: string) => lines.push({ level: "info", fields: fields as Record<string, unknown>, message }),
    };
    let clock = 1_000;
    const outage = createOutageLogger("publish worker", { log, now: () => clock });
    const refused = await thrownBy(() => prisma.user.findFirst());
    outage.succeeded(); // not down: nothing to say
    for (let attempt = 0; attempt < 5; attempt++) expect(outage.failed(refused)).toBe(true);
    expect(outage.isDown).toBe(true);
    clock += 3_100;
    outage.succeeded();
    outage.succeeded();
    expect(outage.failed(new Error("a bug, not an outage"))).toBe(false);
    expect(lines).toEqual([
      { level: "warn", fields: { component: "publish worker", reason: "connection refused", address: `127.0.0.1:${port}` }, message: "Postgres unreachable (connection refused); publish worker waiting for it" },
      { level: "info", fields: { component: "publish worker", downMs: 3_100 }, message: "Postgres reachable again after 3.1 s; publish worker resuming" },
    ]);
  });
});
