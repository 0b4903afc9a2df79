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

  it("lets lib/ import Prisma but no file other than lib/env.ts read process.env", async () => {
    expect(await lintAs("lib/example.ts", 'import { PrismaPg } from "@prisma/adapter-pg";\nexport const a = PrismaPg;\n')).toEqual([]);
    expect(await lintAs("lib/example.ts", "export const port = process.env.PORT;\n")).toEqual([expect.stringContaining("Read settings through lib/env.ts")]);
  });
});
