import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^server-only$/, replacement: path.resolve("test/support/server-only-stub.ts") },
      { find: /^@\/(.*)$/, replacement: path.resolve("$1") },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "publishers/**/*.test.ts", "widgets/**/*.test.ts", "bin/**/*.test.ts", "test/**/*.test.ts", "infra/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { LOG_LEVEL: "silent" },
  },
});
