// Role -> permission table: the one place that decides who may do what.
import type { Role } from "../generated/prisma/enums";

export type Permission =
  | "liveblog:read"
  | "liveblog:create"
  | "liveblog:edit"
  | "entry:publish"
  | "users:manage"
  | "audit:read"
  | "system:manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["liveblog:read", "liveblog:create", "liveblog:edit", "entry:publish", "users:manage", "audit:read", "system:manage"],
  editor: ["liveblog:read", "liveblog:create", "liveblog:edit", "entry:publish"],
  // Contributors write drafts an editor approves; drafts arrive with the newsroom editor.
  contributor: ["liveblog:read"],
  viewer: ["liveblog:read"],
};

export const ROLES: readonly Role[] = ["admin", "editor", "contributor", "viewer"];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
