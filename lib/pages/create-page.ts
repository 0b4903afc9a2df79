// Creates a page (always a private draft: nothing is public until it goes live) inside the apply transaction.
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { enqueuePublish } from "../publishing/enqueue-publish";
import { parsePageInputOrThrow } from "./clean-page-modules";
import { checkPageModulesInTx } from "./page-rows";
import { ZCreatePageSchema } from "./schemas";

export const PAGE_SLUG_TAKEN = "This slug is already used by another page.";

export async function insertPageInTx(tx: Prisma.TransactionClient, options: { actorId: string; pageId: string; input: unknown }) {
  const input = parsePageInputOrThrow(ZCreatePageSchema, options.input);
  if (await tx.page.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw new AppError("conflict", PAGE_SLUG_TAKEN, { slug: PAGE_SLUG_TAKEN });
  const modules = await checkPageModulesInTx(tx, input.modules);
  const page = await tx.page.create({
    data: { id: options.pageId, slug: input.slug, title: input.title, description: input.description, modules: modules as Prisma.InputJsonValue, createdById: options.actorId },
    select: { id: true, slug: true, version: true },
  });
  await recordAudit(tx, { actorId: options.actorId, action: "page.create", subjectType: "page", subjectId: page.id, details: { slug: page.slug, title: input.title, modules: modules.length } });
  // A draft: this publish only records that nothing is out.
  await enqueuePublish(tx, { documentType: "page", documentId: page.id, version: page.version });
  return page;
}
