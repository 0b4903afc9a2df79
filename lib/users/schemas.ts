// User management input, shared by the admin forms and the server actions.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";
import { MAX_PASSWORD_LENGTH, ZNewPasswordSchema } from "../auth/password-policy";

export const ZRoleSchema = z.enum(["admin", "editor", "contributor", "viewer"], { message: "Choose a role: admin, editor, contributor or viewer." });

export const ZCreateUserSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Email is required.").max(254, "Email is too long.").pipe(z.email("Enter a valid email address.")),
  name: ZSafeText({ label: "Name" }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  role: ZRoleSchema,
  password: z
    .string()
    .max(1024, "Password is too long.")
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(ZNewPasswordSchema.optional()),
});
export type TCreateUser = z.infer<typeof ZCreateUserSchema>;

export const ZChangeRoleSchema = z.object({ userId: z.uuid("Unknown user."), role: ZRoleSchema });
export const ZSetDisabledSchema = z.object({ userId: z.uuid("Unknown user."), disabled: z.boolean() });

const ZUserName = ZSafeText({ label: "Name" }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters.");

// A current password is only compared, never stored: capped like a new one (plus slack for old, longer passwords).
const ZCurrentPassword = z.string({ message: "Enter your current password." }).min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH * 4, "Password is too long.");

export const ZChangeOwnPasswordSchema = z
  .object({ currentPassword: ZCurrentPassword, newPassword: ZNewPasswordSchema, confirmPassword: z.string().max(MAX_PASSWORD_LENGTH * 4) })
  .refine((input) => input.newPassword === input.confirmPassword, { message: "The two new passwords differ.", path: ["confirmPassword"] });
export type TChangeOwnPassword = z.infer<typeof ZChangeOwnPasswordSchema>;

export const ZChangeOwnNameSchema = z.object({ name: ZUserName });

export const ZIssuePasswordResetSchema = z.object({ userId: z.uuid("Unknown user.") });

/** A reset token as it appears in the link: 32 random bytes, base64url. */
export const ZResetTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is not valid.");

export const ZConsumePasswordResetSchema = z
  .object({ token: ZResetTokenSchema, newPassword: ZNewPasswordSchema, confirmPassword: z.string().max(MAX_PASSWORD_LENGTH * 4) })
  .refine((input) => input.newPassword === input.confirmPassword, { message: "The two new passwords differ.", path: ["confirmPassword"] });
