-- CreateEnum
CREATE TYPE "EntryKind" AS ENUM ('post', 'key_event');

-- CreateEnum
CREATE TYPE "DraftStatus" AS ENUM ('draft', 'submitted', 'returned', 'scheduled', 'published', 'discarded');

-- AlterTable
ALTER TABLE "entries" ADD COLUMN     "edited_at" TIMESTAMPTZ(3),
ADD COLUMN     "kind" "EntryKind" NOT NULL DEFAULT 'post';

-- AlterTable
ALTER TABLE "live_blogs" ADD COLUMN     "coverage_ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "coverage_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "pinned_entry_id" UUID;

-- CreateTable
CREATE TABLE "drafts" (
    "id" UUID NOT NULL,
    "live_blog_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "kind" "EntryKind" NOT NULL DEFAULT 'post',
    "status" "DraftStatus" NOT NULL DEFAULT 'draft',
    "review_note" TEXT NOT NULL DEFAULT '',
    "reviewed_by_id" UUID,
    "scheduled_at" TIMESTAMPTZ(3),
    "entry_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "drafts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drafts_live_blog_id_status_updated_at_idx" ON "drafts"("live_blog_id", "status", "updated_at");

-- CreateIndex
CREATE INDEX "drafts_status_scheduled_at_idx" ON "drafts"("status", "scheduled_at");

-- CreateIndex
CREATE INDEX "drafts_author_id_updated_at_idx" ON "drafts"("author_id", "updated_at");

-- CreateIndex
CREATE INDEX "entries_live_blog_id_kind_seq_idx" ON "entries"("live_blog_id", "kind", "seq");

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_live_blog_id_fkey" FOREIGN KEY ("live_blog_id") REFERENCES "live_blogs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Entries were plain text until now: escape them and keep each line as a paragraph of HTML (chr(59) is a semicolon, which the migration runner would split on).
UPDATE "entries" SET "body" = '<p>' || replace(replace(replace(replace("body", '&', '&amp' || chr(59)), '<', '&lt' || chr(59)), '>', '&gt' || chr(59)), E'\n', '</p><p>') || '</p>';

-- Blogs that are already live started their coverage when they were created.
UPDATE "live_blogs" SET "coverage_started_at" = "created_at" WHERE "status" IN ('live', 'ended', 'archived');
UPDATE "live_blogs" SET "coverage_ended_at" = "updated_at" WHERE "status" IN ('ended', 'archived');
