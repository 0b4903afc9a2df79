-- Publish jobs keyed by (kind, document) with an action, per-document publish state and lease in published_documents,
-- commands name their document's kind, audit rows name the API token a change was made with.

-- CreateEnum
CREATE TYPE "PublishAction" AS ENUM ('publish', 'republish', 'rollback');

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "token_id" UUID DEFAULT (NULLIF(current_setting('ballast.api_token_id'::text, true), ''::text))::uuid;

-- AlterTable
ALTER TABLE "commands" ADD COLUMN     "document_kind" TEXT NOT NULL DEFAULT 'liveblog';

-- CreateTable
CREATE TABLE "published_documents" (
    "kind" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "rolled_back_to_version" INTEGER,
    "lease_token" BIGINT NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),

    CONSTRAINT "published_documents_pkey" PRIMARY KEY ("kind","document_id")
);

-- Carry over what is already published, and any rollback in force.
INSERT INTO "published_documents" ("kind", "document_id", "published_version", "published_at", "rolled_back_to_version")
SELECT 'liveblog', "id"::text, "published_version", "published_at", "rolled_back_to_version" FROM "live_blogs"
WHERE "published_version" IS NOT NULL OR "rolled_back_to_version" IS NOT NULL;

-- AlterTable
ALTER TABLE "live_blogs" DROP COLUMN "rolled_back_to_version";

-- AlterTable
ALTER TABLE "publish_jobs" ADD COLUMN     "action" "PublishAction" NOT NULL DEFAULT 'publish',
ADD COLUMN     "target_version" INTEGER;
UPDATE "publish_jobs" SET "action" = 'republish' WHERE "force";
ALTER TABLE "publish_jobs" DROP COLUMN "force";
