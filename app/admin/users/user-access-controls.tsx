"use client";
import { changeRoleAction, issueResetLinkAction, setDisabledAction } from "./actions";
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

type TUserRow = { id: string; email: string; role: string; disabled: boolean; mustChangePassword: boolean };

function ResetLinkForm({ user }: { user: TUserRow }) {
  const { state, pending, formRef, onSubmit } = useFormAction(issueResetLinkAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="stack" aria-label={`Password reset for ${user.email}`}>
      <input type="hidden" name="userId" value={user.id} />
      <button type="submit" className="secondary" disabled={pending}>{pending ? "Issuing…" : "Reset password"}</button>
      <FormError state={state} />
      {state?.ok && (
        <p className="notice" role="status">
          One-time link for {state.data.email}, valid until {state.data.expiresAt.slice(11, 16)} UTC (shown once; using it ends their sessions):{" "}
          <code data-testid="reset-link">{state.data.link}</code>
          {state.data.emailed ? " — also emailed to them." : state.data.emailError ? ` — the email could not be sent (${state.data.emailError}); hand the link over.` : " — hand it over securely."}
        </p>
      )}
    </form>
  );
}

function RoleForm({ user }: { user: TUserRow }) {
  const { state, pending, formRef, onSubmit } = useFormAction(changeRoleAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label={`Role of ${user.email}`}>
      <input type="hidden" name="userId" value={user.id} />
      <select name="role" defaultValue={user.role} aria-label={`Role for ${user.email}`}>
        <option value="admin">admin</option>
        <option value="editor">editor</option>
        <option value="contributor">contributor</option>
        <option value="viewer">viewer</option>
      </select>
      <button type="submit" className="secondary" disabled={pending}>Save role</button>
      <FormError state={state} />
    </form>
  );
}

function AccessForm({ user }: { user: TUserRow }) {
  const { state, pending, formRef, onSubmit } = useFormAction(setDisabledAction);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="row" aria-label={`Access of ${user.email}`}>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <button type="submit" className="secondary" disabled={pending}>{user.disabled ? "Enable" : "Disable"}</button>
      <FormError state={state} />
    </form>
  );
}

export function UserAccessControls({ user, isSelf }: { user: TUserRow; isSelf: boolean }) {
  return (
    <div className="row">
      <RoleForm user={user} />
      {!isSelf && <AccessForm user={user} />}
      {!isSelf && !user.disabled && <ResetLinkForm user={user} />}
      {user.disabled && <span className="badge warn">disabled</span>}
      {user.mustChangePassword && <span className="badge">must choose a password</span>}
    </div>
  );
}
