-- Vendor feeds (issue 13): feed settings with sealed request headers, the last good copy, the run lease, and the run history
-- CreateEnum
CREATE TYPE "FeedFormat" AS ENUM ('json', 'csv');

-- CreateEnum
CREATE TYPE "FeedRunOutcome" AS ENUM ('updated', 'unchanged', 'failed');

-- CreateTable
CREATE TABLE "feeds" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source_url" TEXT NOT NULL,
    "format" "FeedFormat" NOT NULL,
    "items_pointer" TEXT,
    "mapping" JSONB,
    "schedule" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "timeout_seconds" INTEGER NOT NULL DEFAULT 10,
    "max_bytes" INTEGER NOT NULL DEFAULT 1048576,
    "secret_headers" JSONB NOT NULL DEFAULT '[]',
    "settings_version" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "next_run_at" TIMESTAMPTZ(3),
    "run_requested_at" TIMESTAMPTZ(3),
    "run_lease_until" TIMESTAMPTZ(3),
    "run_lease_token" BIGINT NOT NULL DEFAULT 0,
    "good_body" TEXT,
    "good_hash" TEXT,
    "good_fetched_at" TIMESTAMPTZ(3),
    "good_etag" TEXT,
    "good_last_modified" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    "last_outcome" "FeedRunOutcome",
    "last_error" TEXT,
    "deleted_at" TIMESTAMPTZ(3),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feeds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feed_runs" (
    "id" BIGSERIAL NOT NULL,
    "feed_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" "FeedRunOutcome" NOT NULL,
    "status_code" INTEGER,
    "bytes" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    "version" INTEGER,

    CONSTRAINT "feed_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "feeds_name_key" ON "feeds"("name");

-- CreateIndex
CREATE INDEX "feeds_next_run_at_idx" ON "feeds"("next_run_at");

-- CreateIndex
CREATE INDEX "feed_runs_feed_id_id_idx" ON "feed_runs"("feed_id", "id");

-- AddForeignKey
ALTER TABLE "feed_runs" ADD CONSTRAINT "feed_runs_feed_id_fkey" FOREIGN KEY ("feed_id") REFERENCES "feeds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

