// The folder rules from STYLE.md are enforced by ESLint; this proves the rules fire.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath });
  return result?.messages.map((message) => `${message.ruleId}: ${message.message}`) ?? [];
}

describe("architecture rules", () => {
  it("forbids app/ from importing Prisma", async () => {
    expect(await lintAs("app/example.ts", 'import { PrismaClient } from "@prisma/client";\nexport const c = PrismaClient;\n')).toEqual([
      expect.stringContaining("app/ must not import Prisma"),
    ]);
  });

  it("forbids app/ from importing the AWS SDK", async () => {
    expect(await lintAs("app/example.ts", 'import { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;\n')).toEqual([
      expect.stringContaining("app/ must not import the AWS SDK"),
    ]);
  });

  it.each(["@/lib/db", "../../lib/db", "@/lib/db/is-database-unavailable", "../lib/db/is-database-unavailable"])("forbids app/ from importing the database client or its helpers (%s)", async (source) => {
    expect(await lintAs("app/admin/example/page.ts", `import * as database from "${source}";\nexport const d = database;\n`)).toEqual([
      expect.stringContaining("app/ must not import the database client"),
    ]);
  });

  it.each(["@/lib/queue/get-queue", "../../../lib/queue/get-queue"])("forbids app/ from importing the queue factory (%s)", async (source) => {
    expect(await lintAs("app/admin/example/actions.ts", `import { getQueue } from "${source}";\nexport const q = getQueue;\n`)).toEqual([
      expect.stringContaining("app/ must not import the queue factory"),
    ]);
  });

  it.each(["@/lib/publishing/get-publisher", "../../../lib/publishing/get-publisher"])("forbids app/ from importing the publisher factory (%s)", async (source) => {
    expect(await lintAs("app/api/example/route.ts", `import { getPublisher } from "${source}";\nexport const p = getPublisher;\n`)).toEqual([
      expect.stringContaining("app/ must not import the publisher factory"),
    ]);
  });

  it("lets app/ call a lib/ use case, and lib/ use cases get the database client, the queue and the publisher", async () => {
    expect(await lintAs("app/admin/example/page.ts", 'import { listUsers } from "@/lib/users/list-users";\nexport const l = listUsers;\n')).toEqual([]);
    const infrastructure = 'import { db } from "../db";\nimport { isDatabaseUnavailable } from "../db/is-database-unavailable";\nimport { getQueue } from "../queue/get-queue";\nimport { getPublisher } from "../publishing/get-publisher";\nexport const all = [db, isDatabaseUnavailable, getQueue, getPublisher];\n';
    expect(await lintAs("lib/example/use-case.ts", infrastructure)).toEqual([]);
  });

  it("lets lib/ import Prisma but no file other than lib/env.ts read process.env", async () => {
    expect(await lintAs("lib/example.ts", 'import { PrismaPg } from "@prisma/adapter-pg";\nexport const a = PrismaPg;\n')).toEqual([]);
    expect(await lintAs("lib/example.ts", "export const port = process.env.PORT;\n")).toEqual([expect.stringContaining("Read settings through lib/env.ts")]);
  });
});
