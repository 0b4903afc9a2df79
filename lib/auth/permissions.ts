// Role -> permission table: the one place that decides who may do what.
import type { Role } from "../generated/prisma/enums";

export type Permission =
  | "liveblog:read"
  | "liveblog:create"
  | "liveblog:edit"
  | "entry:publish"
  | "entry:draft"
  | "entry:review"
  | "question:read"
  | "question:moderate"
  /** Readers' own questions, sent by the public endpoint only: no role has it, so no account can send one. */
  | "question:submit"
  | "media:upload"
  | "users:manage"
  | "audit:read"
  | "system:manage"
  | "banner:read"
  | "banner:edit"
  | "page:read"
  | "page:edit"
  | "notice:publish"
  | "dataset:read"
  | "dataset:edit"
  | "feed:read"
  | "feed:edit"
  | "webhooks:manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["liveblog:read", "liveblog:create", "liveblog:edit", "entry:publish", "entry:draft", "entry:review", "media:upload", "users:manage", "audit:read", "system:manage", "banner:read", "banner:edit", "page:read", "page:edit", "notice:publish", "dataset:read", "dataset:edit", "feed:read", "feed:edit", "webhooks:manage"],
  editor: ["liveblog:read", "liveblog:create", "liveblog:edit", "entry:publish", "entry:draft", "entry:review", "media:upload", "banner:read", "banner:edit", "page:read", "page:edit", "dataset:read", "dataset:edit", "feed:read", "feed:edit"],
  // Contributors write drafts that an editor approves or sends back; they never publish.
  contributor: ["liveblog:read", "entry:draft", "media:upload", "banner:read", "page:read", "dataset:read", "feed:read"],
  viewer: ["liveblog:read", "banner:read", "page:read", "dataset:read", "feed:read"],
};

// Reader questions (issue 15): admins and editors read and moderate them, as they publish entries.
for (const role of ["admin", "editor"] as const) GRANTS[role] = [...GRANTS[role], "question:read", "question:moderate"];

export const ROLES: readonly Role[] = ["admin", "editor", "contributor", "viewer"];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
