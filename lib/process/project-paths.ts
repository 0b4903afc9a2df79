// Absolute paths of the project's own tools, so child processes do not depend on the caller's cwd or PATH.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const prismaCli = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
export const nextCli = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
export const adminServerEntry = path.join(projectRoot, "bin", "admin-server.ts");
export const workerEntry = path.join(projectRoot, "bin", "worker.ts");
