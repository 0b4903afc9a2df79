import type { TActionResult } from "@/lib/errors";

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}

export function FormError({ state }: { state: TActionResult<unknown> | null }) {
  if (!state) return null;
  if (state.ok) return state.message ? <p className="notice success" role="status">{state.message}</p> : null;
  return (
    <p className="notice error" role="alert">
      {state.error}
    </p>
  );
}
