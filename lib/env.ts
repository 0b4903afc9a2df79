// The only reader of process.env: every setting is parsed and checked here, once.
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ZTrustedProxiesSchema } from "./auth/trusted-proxies";
import { ZFetchAllowlistSchema } from "./http/fetch-allowlist";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    BALLAST_DATA_DIR: z.string().default(".data"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    PUBLISH_TARGET: optionalString.pipe(
      z
        .string()
        .regex(/^(file:\/\/\/|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$))/, "must be s3://bucket/optional-prefix or file:///absolute/path")
        .optional(),
    ),
    S3_ENDPOINT: optionalString.pipe(z.url("must be an absolute URL, e.g. http://127.0.0.1:4569").optional()),
    S3_REGION: z.string().default("us-east-1"),
    CLOUDFRONT_DISTRIBUTION_ID: optionalString.pipe(z.string().regex(/^[A-Z0-9]+$/, "must be a CloudFront distribution id, e.g. E2QWRUHAPOMQZL").optional()),
    CLOUDFRONT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(10_000),
    QUEUE_URL: optionalString.pipe(z.url("must be an SQS FIFO queue URL ending in .fifo").optional()),
    QUEUE_DLQ_URL: optionalString.pipe(z.url("must be an SQS FIFO queue URL ending in .fifo").optional()),
    QUEUE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    WORKER_CONTROL_URL: optionalString.pipe(
      z
        .string()
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$)/, "must be s3://bucket/optional-prefix")
        .optional(),
    ),
    APPLY_VISIBILITY_MS: z.coerce.number().int().min(1000).max(12 * 60 * 60 * 1000).default(10_000),
    APPLY_MAX_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(0),
    PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    PUBLISH_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(50),
    /** Unset: the head's max-age plus stale-while-revalidate (lib/publishing/object-policy.ts). */
    TAKEDOWN_GRACE_MS: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(86_400_000).optional()),
    PUBLIC_BASE_URL: optionalString.pipe(z.url("must be an absolute URL").optional()),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    ADMIN_EMAIL: optionalString.pipe(z.email("must be an email address").optional()),
    ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, "must be at least 12 characters").optional()),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    TRUSTED_PROXIES: ZTrustedProxiesSchema,
    /** Hosts and CIDRs the outbound-request guard lets through although private or local (tests, vendors on a private network). */
    FETCH_ALLOWLIST: ZFetchAllowlistSchema,
    /** Reader questions (issue 15): where readers' browsers reach the admin server's public question endpoint. */
    // Its origin goes into published pages' Content-Security-Policy: http(s) and a plain host only.
    QUESTIONS_ENDPOINT_URL: optionalString.pipe(
      z.url({ protocol: /^https?$/, hostname: /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i, error: "must be an http:// or https:// URL with a plain host name, e.g. https://ask.example.com" }).optional(),
    ),
    QUESTIONS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    QUESTIONS_PER_BLOG_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    QUESTIONS_POW_BITS: z.coerce.number().int().min(0).max(24).default(14),
    /** Optional: password-reset links are also emailed through this server (smtp:// or smtps://user:pass@host:port). */
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
    SMTP_FROM: z.string().trim().default("Ballast <no-reply@localhost>"),
  })
  .transform((raw) => {
    const dataDir = path.resolve(raw.BALLAST_DATA_DIR);
    return {
      ...raw,
      dataDir,
      publicDir: raw.PUBLISH_TARGET?.startsWith("file://") ? new URL(raw.PUBLISH_TARGET).pathname : path.join(dataDir, "public"),
      publicBaseUrl: raw.PUBLIC_BASE_URL ?? `http://localhost:${raw.PORT}/cdn`,
    };
  });

export type TEnv = z.infer<typeof ZEnvSchema>;

let cached: TEnv | undefined;

export function readEnv(): TEnv {
  if (cached) return cached;
  // A .env file in the working directory fills in unset keys (the shell's values win).
  const dotEnv = path.resolve(".env");
  if (existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The environment handed to child processes (Next.js, the worker, the Prisma CLI), plus overrides. */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
