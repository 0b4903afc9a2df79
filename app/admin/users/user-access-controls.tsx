"use client";
import { changeRoleAction, setDisabledAction } from "./actions";
import { FormError } from "@/app/components/form-messages";
import { useFormAction } from "@/app/components/use-form-action";

type TUserRow = { id: string; email: string; role: string; disabled: boolean };

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
      {user.disabled && <span className="badge warn">disabled</span>}
    </div>
  );
}
