// User management input, shared by the admin forms and the server actions.
import { z } from "zod";
import { ZSafeText } from "../content/safe-text";

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
    .pipe(z.string().min(12, "Password must be at least 12 characters (or leave it empty to generate one).").optional()),
});
export type TCreateUser = z.infer<typeof ZCreateUserSchema>;

export const ZChangeRoleSchema = z.object({ userId: z.uuid("Unknown user."), role: ZRoleSchema });
export const ZSetDisabledSchema = z.object({ userId: z.uuid("Unknown user."), disabled: z.boolean() });
