// May this caller send this command type? The type's definition names the permission; a refused request made with an
// API token is audited under that token.
import type pg from "pg";
import { recordApiTokenRefusal } from "../api-tokens/record-api-token-refusal";
import { can } from "../auth/permissions";
import type { TAnyCommandDefinition } from "../commands/define-command";
import { commandDefinitionOrThrow } from "../commands/send-command";
import { AppError } from "../errors";
import { logger } from "../logger";
import type { TApiUser } from "./authenticate-api-request";

export async function authorizeApiCommand(options: { user: TApiUser; type: string; ip: string }, pool?: pg.Pool): Promise<TAnyCommandDefinition> {
  const { user, type } = options;
  const definition = commandDefinitionOrThrow(type);
  if (can(user.role, definition.permission)) return definition;
  if (user.tokenId) {
    const refusal = { tokenId: user.tokenId, userId: user.id, reason: "forbidden", ip: options.ip, commandType: type };
    await (pool ? recordApiTokenRefusal(refusal, pool) : recordApiTokenRefusal(refusal)).catch((error: unknown) => logger.warn({ err: error }, "could not audit a refused API-token request"));
  }
  throw new AppError("forbidden", `Your role (${user.role}) is not allowed to send ${type}.`);
}
