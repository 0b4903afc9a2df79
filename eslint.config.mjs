import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["node_modules/**", ".next/**", ".data/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "widgets/dist/**", "infra/cdk.out/**"] },
  {
    // The folders tell the architecture: app/ handles requests and reaches the database and AWS only through lib/,
    // whose use cases get their own infrastructure (the database client, the queue, the publisher).
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@prisma/*", "**/generated/prisma", "**/generated/prisma/*"], message: "app/ must not import Prisma; call a lib/ use case." },
            { group: ["@aws-sdk/*"], message: "app/ must not import the AWS SDK; go through lib/ and publishers/." },
            { group: ["pg", "@/publishers/*", "**/publishers/*"], message: "app/ reaches storage only through lib/." },
            { group: ["@/lib/db", "@/lib/db/*", "**/lib/db", "**/lib/db/*"], message: "app/ must not import the database client; call a lib/ use case that gets its own infrastructure." },
            { group: ["@/lib/queue/get-queue", "**/queue/get-queue"], message: "app/ must not import the queue factory; call a lib/ use case that gets its own infrastructure." },
            { group: ["@/lib/publishing/get-publisher", "**/publishing/get-publisher"], message: "app/ must not import the publisher factory; call a lib/ use case that gets its own infrastructure." },
          ],
        },
      ],
    },
  },
  {
    // Dependencies point one way: lib/ uses publishers/, never the reverse.
    files: ["publishers/**/*.ts"],
    ignores: ["publishers/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../lib/*", "@/lib/*"], message: "publishers/ are adapters: they must not import lib/." }] }],
    },
  },
  {
    // lib/env.ts is the only reader of process.env.
    files: ["**/*.{ts,tsx,mts}"],
    ignores: ["lib/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through lib/env.ts." }],
    },
  },
];

export default config;
