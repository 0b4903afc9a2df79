// Vitest global setup: a fresh, migrated database on the Postgres at DATABASE_URL, or on an embedded one.
import type { TestProject } from "vitest/node";
import { createFreshDatabase } from "./fresh-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createFreshDatabase({ namePrefix: "ballast-test" });
  project.provide("databaseUrl", database.url);
  return database.drop;
}
