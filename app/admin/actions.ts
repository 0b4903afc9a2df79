"use server";
// signOutAction – end this session (its token is refused from the next request on, lib/auth/revoke-session.ts)
// signOutEverywhereAction – end every session of the signed-in user, on every device (lib/auth/end-all-sessions.ts)
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { endAllSessions } from "@/lib/auth/end-all-sessions";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

export async function signOutEverywhereAction() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  await endAllSessions({ userId: user.id, actorId: user.id });
  await signOut({ redirectTo: "/login?signedOut=everywhere" });
}
