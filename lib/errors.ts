// One error type for expected failures, and one mapper from any error to what a caller may be shown.
import { z } from "zod";
import { Prisma } from "./generated/prisma/client";
import { isUniqueViolation } from "./db/is-unique-violation";
import { logger } from "./logger";

export type AppErrorCode = "invalid_input" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export type TFieldErrors = Record<string, string>;

export type TActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: AppErrorCode | "internal"; error: string; fieldErrors: TFieldErrors };

const HTTP_STATUS: Record<AppErrorCode | "internal", number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Field errors keyed by the top-level field name, first message per field. */
export function fieldErrorsFromZod(error: z.ZodError): TFieldErrors {
  const fieldErrors: TFieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}

// P2002 names the unique fields it hit; the caller maps them to a readable message per field.
function uniqueViolationFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const target = (error.meta?.target ?? (error.meta as { driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } })?.driverAdapterError?.cause?.constraint?.fields) as unknown;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  return [];
}

export function toActionError(error: unknown, context: Record<string, unknown> = {}): Extract<TActionResult, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
  }
  if (error instanceof z.ZodError) {
    const fieldErrors = fieldErrorsFromZod(error);
    const fields = Object.keys(fieldErrors).join(", ");
    return { ok: false, code: "invalid_input", error: `Please correct the highlighted field${fields.includes(",") ? "s" : ""}: ${fields}.`, fieldErrors };
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (isUniqueViolation(error)) {
      const fields = uniqueViolationFields(error).map((field) => field.replace(/"/g, ""));
      const fieldErrors = Object.fromEntries(fields.map((field) => [field, `This ${field} is already taken.`]));
      return { ok: false, code: "conflict", error: "That value is already taken.", fieldErrors };
    }
    if (error.code === "P2025") return { ok: false, code: "not_found", error: "The record no longer exists.", fieldErrors: {} };
  }
  logger.error({ err: error, ...context }, "unexpected error");
  return { ok: false, code: "internal", error: "Something went wrong on our side. It has been logged; please try again.", fieldErrors: {} };
}

export function httpStatusFor(code: AppErrorCode | "internal"): number {
  return HTTP_STATUS[code];
}
