"use server";
// API-token server actions (admins only): create a token for a user (its secret is returned once) and revoke one.
import { revalidatePath } from "next/cache";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { ZCreateApiTokenSchema, ZRevokeApiTokenSchema } from "@/lib/api-tokens/schemas";
import { authorizeOrThrow } from "@/lib/auth/current-user";
import { toActionError, type TActionResult } from "@/lib/errors";

export type TCreatedToken = { secret: string; name: string; userEmail: string; expiresAt: string };

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

// createApiTokenAction – a named token for a user, expiring in N days or on a date; the secret is shown once
export async function createApiTokenAction(_previous: TActionResult<TCreatedToken> | null, formData: FormData): Promise<TActionResult<TCreatedToken>> {
  try {
    const expiresOn = text(formData, "expiresOn");
    const days = text(formData, "expiresInDays");
    const input = ZCreateApiTokenSchema.parse({
      userId: text(formData, "userId"),
      name: formData.get("name"),
      ...(expiresOn ? { expiresAt: expiresOn } : { expiresInDays: days ? Number(days) : undefined }),
    });
    const actor = await authorizeOrThrow("users:manage");
    const { token, secret } = await createApiToken({ actorId: actor.id, input });
    revalidatePath("/admin/tokens");
    return { ok: true, data: { secret, name: token.name, userEmail: token.user.email, expiresAt: token.expiresAt.toISOString() } };
  } catch (error) {
    return toActionError(error, { action: "createApiToken" });
  }
}

// revokeApiTokenAction – the token stops working at once (the next request with it gets 401)
export async function revokeApiTokenAction(_previous: TActionResult | null, formData: FormData): Promise<TActionResult> {
  try {
    const input = ZRevokeApiTokenSchema.parse({ tokenId: formData.get("tokenId") });
    const actor = await authorizeOrThrow("users:manage");
    const revoked = await revokeApiToken({ actorId: actor.id, input });
    revalidatePath("/admin/tokens");
    return { ok: true, data: undefined, message: revoked.alreadyRevoked ? `${revoked.name} was already revoked.` : `Revoked ${revoked.name}.` };
  } catch (error) {
    return toActionError(error, { action: "revokeApiToken" });
  }
}
