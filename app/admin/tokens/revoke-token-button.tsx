"use client";
import { useState } from "react";
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";
import { revokeApiTokenAction } from "./actions";

/** Revoke in two steps (Revoke, then "Yes, revoke"), so a stray click or Enter cannot break a running script. */
export function RevokeTokenButton({ token }: { token: { id: string; name: string } }) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formRef, onSubmit } = useFormAction(revokeApiTokenAction);
  if (!confirming) {
    return (
      <button type="button" className="secondary danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${token.name}`}>
        Revoke
      </button>
    );
  }
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label={`Revoke ${token.name}`}>
      <input type="hidden" name="tokenId" value={token.id} />
      <span>Scripts using it stop working at once.</span>
      <button type="submit" className="secondary danger" disabled={pending}>{pending ? "Revoking…" : "Yes, revoke"}</button>
      {/* Focus lands on the harmless choice. */}
      <button type="button" className="secondary" onClick={() => setConfirming(false)} autoFocus>
        Cancel
      </button>
      <FormError state={state} />
    </form>
  );
}
