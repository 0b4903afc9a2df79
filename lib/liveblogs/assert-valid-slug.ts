// A slug from a URL is checked before it reaches the database or the publish target: `%00`, `%ff` or `..` name no
// live blog (404), and must never become a query that Postgres refuses (a 500).
import { AppError } from "../errors";
import { isValidSlug } from "./schemas";

export function assertValidSlugOrThrow(slug: unknown): asserts slug is string {
  if (!isValidSlug(slug)) throw new AppError("not_found", "No live blog has that address.");
}
