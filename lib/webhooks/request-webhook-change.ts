// The admin's webhook writes (create, update, delete): the role is checked, kinds checked against the document
// registry, the URL checked by the SSRF guard now (as a delivery would be: loopback, private, metadata... refused
// unless FETCH_ALLOWLIST lets it through), a secret generated when none is given (returned once), then the command is
// queued (its secret sealed at the door) and a worker applies it.
import "server-only";
import { z } from "zod";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { sendCommand } from "../commands/send-command";
import { AppError } from "../errors";
import { SafeFetchError, vetFetchUrl } from "../http/safe-fetch";
import { listDocumentKinds } from "../publishing/document-registry";
import { getQueue } from "../queue/get-queue";
import type { Queue } from "../queue/types";
import type { ZCreateWebhookSchema, ZDeleteWebhookSchema, ZUpdateWebhookSchema } from "./schemas";
import { generateWebhookSecret } from "./webhook-secret";

export type TWebhookCommand =
  | { type: "webhook.create"; input: z.input<typeof ZCreateWebhookSchema> }
  | { type: "webhook.update"; input: z.input<typeof ZUpdateWebhookSchema> }
  | { type: "webhook.delete"; input: z.input<typeof ZDeleteWebhookSchema> };

export type TWebhookVetting = Parameters<typeof vetFetchUrl>[1];

async function checkSettings(input: { url?: string; kinds?: string[] }, vetting?: TWebhookVetting): Promise<void> {
  const known = listDocumentKinds();
  const unknown = (input.kinds ?? []).filter((kind) => !known.includes(kind));
  if (unknown.length > 0) throw new AppError("invalid_input", `Unknown document kind: ${unknown.join(", ")}.`, { kinds: `Choose among ${known.join(", ")}.` });
  if (input.url === undefined) return;
  try {
    await vetFetchUrl(input.url.trim(), vetting);
  } catch (error) {
    // A name that does not resolve now may later: only a refusal of what it is (or resolves to) stops it here.
    if (error instanceof SafeFetchError && (error.code === "refused" || error.code === "invalid_url")) throw new AppError("invalid_input", `This URL is refused: ${error.message}`, { url: error.message });
    if (!(error instanceof SafeFetchError)) throw error;
  }
}

/** Returns the command id, the webhook's id, and the generated secret when one was generated (shown once). */
export async function requestWebhookChange(
  options: { actor: { id: string; role: Role }; command: TWebhookCommand; vetting?: TWebhookVetting },
  queue: Queue = getQueue(),
): Promise<{ commandId: string; webhookId: string; generatedSecret: string | null }> {
  if (!can(options.actor.role, "webhooks:manage")) throw new AppError("forbidden", `Your role (${options.actor.role}) cannot manage webhooks.`);
  if (!options.command.type.startsWith("webhook.")) throw new AppError("invalid_input", "Not a webhook command.");
  let command = options.command;
  let generatedSecret: string | null = null;
  if (command.type !== "webhook.delete") await checkSettings(command.input, options.vetting);
  if (command.type === "webhook.create" && !command.input.secret) {
    generatedSecret = generateWebhookSecret();
    command = { ...command, input: { ...command.input, secret: generatedSecret } };
  }
  const envelope = await sendCommand(queue, { actorId: options.actor.id, command }).catch((error: unknown) => {
    // Field errors keyed by the webhook's field (`url`), not by the message's `input`, so the form can show them.
    if (error instanceof z.ZodError) throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: issue.path[0] === "input" ? issue.path.slice(1) : issue.path })));
    throw error;
  });
  const message = envelope.command as { webhookId?: string; input: { webhookId?: string } };
  return { commandId: envelope.id, webhookId: message.webhookId ?? message.input.webhookId ?? "", generatedSecret };
}
