// What the admin's live view of a blog polls: newest entries (stored HTML to edit, reader HTML to show), the
// pinned entry, and drafts (the review queue for editors, their own drafts for contributors).
import { db, type Db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { can } from "../auth/permissions";
import { renderEntryVersionHtml } from "../content/render-entry-version-html";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { assertValidSlugOrThrow } from "./assert-valid-slug";

export type TAdminEntry = {
  id: string;
  seq: number;
  kind: "post" | "key_event";
  body: string;
  html: string;
  authorName: string;
  version: number;
  createdAt: string;
  editedAt: string | null;
};

export type TAdminDraft = {
  id: string;
  kind: "post" | "key_event";
  body: string;
  html: string;
  status: "draft" | "submitted" | "returned" | "scheduled";
  authorName: string;
  authorId: string;
  reviewNote: string;
  scheduledAt: string | null;
  version: number;
  updatedAt: string;
};

export type TAdminStream = {
  liveBlogId: string;
  version: number;
  publishedVersion: number | null;
  pinnedEntryId: string | null;
  totalEntries: number;
  entries: TAdminEntry[];
  drafts: TAdminDraft[];
};

export async function getAdminStream(options: { slug: string; viewer: { id: string; role: Role }; entryLimit?: number }, database: Db = db()): Promise<TAdminStream> {
  assertValidSlugOrThrow(options.slug);
  const blog = await database.liveBlog.findUnique({ where: { slug: options.slug }, select: { id: true, version: true, publishedVersion: true, pinnedEntryId: true, _count: { select: { entries: true } } } });
  if (!blog) throw new AppError("not_found", `No live blog with the slug "${options.slug}".`);
  const mediaBaseUrl = readEnv().publicBaseUrl;
  const reviewer = can(options.viewer.role, "entry:review");
  const [entries, drafts] = await Promise.all([
    database.entry.findMany({ where: { liveBlogId: blog.id }, orderBy: { seq: "desc" }, take: options.entryLimit ?? 100, include: { author: { select: { name: true } } } }),
    can(options.viewer.role, "entry:draft")
      ? database.draft.findMany({
          where: reviewer
            ? { liveBlogId: blog.id, OR: [{ status: { in: ["submitted", "scheduled"] } }, { authorId: options.viewer.id, status: { in: ["draft", "returned"] } }] }
            : { liveBlogId: blog.id, authorId: options.viewer.id, status: { in: ["draft", "submitted", "returned", "scheduled"] } },
          orderBy: { updatedAt: "desc" },
          take: 100,
          include: { author: { select: { name: true } } },
        })
      : [],
  ]);
  return {
    liveBlogId: blog.id,
    version: blog.version,
    publishedVersion: blog.publishedVersion,
    pinnedEntryId: blog.pinnedEntryId,
    totalEntries: blog._count.entries,
    entries: entries.map((entry) => ({
      id: entry.id,
      seq: entry.seq,
      kind: entry.kind,
      body: entry.body,
      html: renderEntryVersionHtml(`entry:${entry.id}:${entry.version}`, entry.body, { mediaBaseUrl }),
      authorName: entry.author.name,
      version: entry.version,
      createdAt: entry.createdAt.toISOString(),
      editedAt: entry.editedAt?.toISOString() ?? null,
    })),
    drafts: drafts.map((draft) => ({
      id: draft.id,
      kind: draft.kind,
      body: draft.body,
      html: renderEntryVersionHtml(`draft:${draft.id}:${draft.version}`, draft.body, { mediaBaseUrl }),
      status: draft.status as TAdminDraft["status"],
      authorName: draft.author.name,
      authorId: draft.authorId,
      reviewNote: draft.reviewNote,
      scheduledAt: draft.scheduledAt?.toISOString() ?? null,
      version: draft.version,
      updatedAt: draft.updatedAt.toISOString(),
    })),
  };
}
