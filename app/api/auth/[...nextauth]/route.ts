// GET/POST /api/auth/* – next-auth's own endpoints (session, CSRF, credentials callback, sign-out)
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
