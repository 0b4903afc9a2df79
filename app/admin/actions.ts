"use server";
// signOutAction – end the current session
import { signOut } from "@/lib/auth/auth";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
