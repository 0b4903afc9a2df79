// Login input, shared by the login form and the credentials provider.
import { z } from "zod";

export const ZLoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(254, "Email is too long.").pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(1024, "Password is too long."),
});
export type TLogin = z.infer<typeof ZLoginSchema>;
