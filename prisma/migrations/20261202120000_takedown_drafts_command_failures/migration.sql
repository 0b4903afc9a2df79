-- New live blogs start as drafts: nothing in draft is published.
ALTER TABLE "live_blogs" ALTER COLUMN "status" SET DEFAULT 'draft';

-- A document whose objects were withdrawn from the target (a draft).
ALTER TABLE "published_documents" ADD COLUMN     "withdrawn" BOOLEAN NOT NULL DEFAULT false;

-- Objects no published head names any more, deleted from the target after a grace period.
CREATE TABLE "superseded_objects" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "delete_after" TIMESTAMPTZ(3) NOT NULL,
    "claim" UUID,
    "claimed_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "superseded_objects_pkey" PRIMARY KEY ("key")
);

-- Commands the workers gave up on (dead-lettered), so their authors see why.
CREATE TABLE "command_failures" (
    "command_id" UUID NOT NULL,
    "actor_id" UUID,
    "type" TEXT,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "command_failures_pkey" PRIMARY KEY ("command_id")
);

CREATE INDEX "superseded_objects_delete_after_idx" ON "superseded_objects"("delete_after");

CREATE INDEX "superseded_objects_kind_document_id_idx" ON "superseded_objects"("kind", "document_id");

CREATE INDEX "command_failures_actor_id_failed_at_idx" ON "command_failures"("actor_id", "failed_at");
