// Edits and status changes of a page, inside the apply transaction: the change, a new version, its publish job and
// an audit row together. Draft and archived withdraw the page from readers at its next publish.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { parsePageInputOrThrow } from "./clean-page-modules";
import { bumpPageVersion, checkPageModulesInTx } from "./page-rows";
import { ZSetPageStatusSchema, ZUpdatePageSchema } from "./schemas";

export async function updatePageInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = parsePageInputOrThrow(ZUpdatePageSchema, options.input);
  const bumped = await bumpPageVersion(tx, input.pageId);
  // The bump locked the row: the version before it is the one the editor must have seen.
  if (input.expectedVersion !== undefined && input.expectedVersion !== bumped.version - 1) {
    const message = `Someone changed this page since you opened it (it is now at version ${bumped.version - 1}, you edited version ${input.expectedVersion}). Reload it to see their changes.`;
    throw new AppError("conflict", message, { form: message });
  }
  const modules = input.modules === undefined ? undefined : await checkPageModulesInTx(tx, input.modules);
  await tx.page.update({ where: { id: bumped.id }, data: { title: input.title, description: input.description, modules: modules as Prisma.InputJsonValue | undefined } });
  await recordAudit(tx, {
    actorId: options.actorId,
    action: "page.update",
    subjectType: "page",
    subjectId: bumped.id,
    details: { slug: bumped.slug, version: bumped.version, ...(input.title === undefined ? {} : { title: input.title }), ...(modules === undefined ? {} : { modules: modules.length }) },
  });
  await enqueuePublish(tx, { documentType: "page", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}

export async function setPageStatusInTx(tx: Prisma.TransactionClient, options: { actorId: string; input: unknown }) {
  const input = parsePageInputOrThrow(ZSetPageStatusSchema, options.input);
  const bumped = await bumpPageVersion(tx, input.pageId);
  await tx.page.update({ where: { id: bumped.id }, data: { status: input.status } });
  await recordAudit(tx, { actorId: options.actorId, action: "page.set-status", subjectType: "page", subjectId: bumped.id, details: { slug: bumped.slug, status: input.status, previousStatus: bumped.status } });
  await enqueuePublish(tx, { documentType: "page", documentId: bumped.id, version: bumped.version });
  return { version: bumped.version };
}
