import Link from "next/link";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { listTokenOwners } from "@/lib/api-tokens/list-token-owners";
import type { TApiTokenStatus } from "@/lib/api-tokens/schemas";
import { requirePageUser } from "@/lib/auth/current-user";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata = { title: "API tokens" };

const STATUS_CLASS: Record<TApiTokenStatus, string> = { active: "badge status-live", expired: "badge warn", revoked: "badge status-ended" };

function Utc({ date }: { date: Date | null }) {
  if (!date) return <span className="muted">never</span>;
  return <time dateTime={date.toISOString()}>{date.toISOString().replace("T", " ").slice(0, 16)}</time>;
}

export default async function ApiTokensPage() {
  await requirePageUser("users:manage");
  const [tokens, owners] = await Promise.all([listApiTokens(), listTokenOwners()]);
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        Scripts send <code>Authorization: Bearer blt_…</code> to the <Link href="/api/openapi.json">headless API</Link>. A token acts as its
        user with that user&apos;s current role; disabling the user stops their tokens too. Times are UTC.
      </p>
      {tokens.length === 0 ? (
        <p className="empty">No API tokens yet. Create one below for each script that needs to post.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Name</th><th>User</th><th>Token</th><th>Created</th><th>Expires</th><th>Last used</th><th>Status</th><th aria-label="Actions"></th></tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid={`token-${token.id}`}>
                <td>{token.name}</td>
                <td>{token.user.email} <span className="badge">{token.user.role}</span>{token.user.disabled && <span className="badge warn">disabled</span>}</td>
                <td><code>{token.prefix}…</code></td>
                <td><Utc date={token.createdAt} /> <span className="muted">by {token.createdBy.email}</span></td>
                <td><Utc date={token.expiresAt} /></td>
                <td><Utc date={token.lastUsedAt} /></td>
                <td><span className={STATUS_CLASS[token.status]}>{token.status}</span></td>
                <td>{token.status === "active" && <RevokeTokenButton token={{ id: token.id, name: token.name }} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Create a token</h2>
      <CreateTokenForm owners={owners} />
    </>
  );
}
