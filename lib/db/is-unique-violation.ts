// A unique-constraint violation, whether it came from a Prisma model call (P2002) or from raw SQL (P2010 + 23505).
import { Prisma } from "../generated/prisma/client";

/** With `table`, only a violation of one of that table's constraints counts. */
export function isUniqueViolation(error: unknown, table?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const meta = JSON.stringify(error.meta ?? {});
  const unique = error.code === "P2002" || (error.code === "P2010" && meta.includes("23505"));
  // The violated constraint's name (e.g. commands_pkey) starts with its table's name.
  return unique && (table === undefined || meta.includes(table));
}
