// Prisma CLI config: the Wasm schema engine through a pg adapter, so migrate runs with no engine download.
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./lib/db/migration-adapter";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return createMigrationAdapter();
  },
});
