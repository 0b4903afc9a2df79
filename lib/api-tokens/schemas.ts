// API-token input, shared by the admin form and the server actions (safe to import from client code).
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";

/** Every secret starts with this, so secret scanners and people can recognise a Ballast token. */
export const API_TOKEN_SECRET_PREFIX = "blt_";
/** `blt_` and 32 random bytes in base64url. */
export const API_TOKEN_SECRET_PATTERN = /^blt_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKEN_LIFETIME_DAYS = 365;

const EXPIRY_DAYS_MESSAGE = `Expiry must be a whole number of days from 1 to ${MAX_TOKEN_LIFETIME_DAYS}.`;

export const ZCreateApiTokenSchema = z
  .object({
    userId: z.uuid("Choose the user the token acts as."),
    name: ZSafeText({ label: "The name", required: "Name the token." }).trim().min(1, "Name the token, e.g. the script that will use it.").max(100, "The name must be at most 100 characters."),
    expiresInDays: z.number(EXPIRY_DAYS_MESSAGE).int(EXPIRY_DAYS_MESSAGE).min(1, EXPIRY_DAYS_MESSAGE).max(MAX_TOKEN_LIFETIME_DAYS, EXPIRY_DAYS_MESSAGE).optional(),
    /** A date (the token works until the end of that day, UTC) or a date and time with an offset. */
    expiresAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })], "Expiry must be a date (YYYY-MM-DD) or a date and time.").optional(),
  })
  .refine((input) => (input.expiresInDays === undefined) !== (input.expiresAt === undefined), {
    message: `Choose when the token expires: in 1 to ${MAX_TOKEN_LIFETIME_DAYS} days, or on a date.`,
    path: ["expiresInDays"],
  });
export type TCreateApiToken = z.input<typeof ZCreateApiTokenSchema>;

export const ZRevokeApiTokenSchema = z.object({ tokenId: z.uuid("Unknown token.") });

export type TApiTokenStatus = "active" | "expired" | "revoked";

/** What the admin list shows of a token; never the secret. */
export type TApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
  createdBy: { email: string };
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  status: TApiTokenStatus;
};
