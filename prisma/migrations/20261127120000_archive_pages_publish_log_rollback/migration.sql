-- CreateEnum
CREATE TYPE "PublishKind" AS ENUM ('publish', 'republish', 'rollback');

-- Jobs claimed by the old row-lock scheme become pending again (the new worker locks per document instead)
UPDATE "publish_jobs" SET "status" = 'pending' WHERE "status"::text IN ('running', 'failed');

-- AlterEnum
BEGIN;
CREATE TYPE "PublishJobStatus_new" AS ENUM ('pending', 'done');
ALTER TABLE "public"."publish_jobs" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "publish_jobs" ALTER COLUMN "status" TYPE "PublishJobStatus_new" USING ("status"::text::"PublishJobStatus_new");
ALTER TYPE "PublishJobStatus" RENAME TO "PublishJobStatus_old";
ALTER TYPE "PublishJobStatus_new" RENAME TO "PublishJobStatus";
DROP TYPE "public"."PublishJobStatus_old";
ALTER TABLE "publish_jobs" ALTER COLUMN "status" SET DEFAULT 'pending';
COMMIT;

-- AlterTable
ALTER TABLE "live_blogs" ADD COLUMN     "rolled_back_to_version" INTEGER;

-- AlterTable
ALTER TABLE "publish_jobs" DROP COLUMN "locked_at",
ADD COLUMN     "force" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "live_blog_pages" (
    "live_blog_id" UUID NOT NULL,
    "page_no" INTEGER NOT NULL,
    "content_version" INTEGER NOT NULL DEFAULT 1,
    "published_content_version" INTEGER NOT NULL DEFAULT 0,
    "key" TEXT,
    "entry_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "live_blog_pages_pkey" PRIMARY KEY ("live_blog_id","page_no")
);

-- CreateTable
CREATE TABLE "publish_log" (
    "id" BIGSERIAL NOT NULL,
    "document_type" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "PublishKind" NOT NULL DEFAULT 'publish',
    "keys" TEXT[],
    "bytes" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "head_gzip" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publish_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "publish_log_document_type_document_id_version_idx" ON "publish_log"("document_type", "document_id", "version");

-- CreateIndex
CREATE INDEX "publish_log_created_at_idx" ON "publish_log"("created_at");

-- AddForeignKey
ALTER TABLE "live_blog_pages" ADD CONSTRAINT "live_blog_pages_live_blog_id_fkey" FOREIGN KEY ("live_blog_id") REFERENCES "live_blogs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

