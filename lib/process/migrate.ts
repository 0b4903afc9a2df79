// Applies committed migrations with the Prisma CLI (offline Wasm engine; see prisma.config.ts).
import { childEnv } from "../env";
import { prismaCli, projectRoot } from "./project-paths";
import { runCommand } from "./run-command";

export async function applyMigrations(databaseUrl: string): Promise<void> {
  await runCommand(process.execPath, [prismaCli, "migrate", "deploy"], { env: childEnv({ DATABASE_URL: databaseUrl }), cwd: projectRoot, quiet: true });
}
