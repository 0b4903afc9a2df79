-- CreateEnum
CREATE TYPE "DatasetStatus" AS ENUM ('empty', 'importing', 'published', 'failed', 'deleting');

-- CreateEnum
CREATE TYPE "DatasetKeyCase" AS ENUM ('none', 'upper', 'lower');

-- CreateEnum
CREATE TYPE "DatasetImportStatus" AS ENUM ('queued', 'parsing', 'rejected', 'publishing', 'published', 'failed');

-- CreateTable
CREATE TABLE "datasets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "DatasetStatus" NOT NULL DEFAULT 'empty',
    "version" INTEGER NOT NULL DEFAULT 0,
    "key_column" TEXT,
    "columns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "key_case" "DatasetKeyCase" NOT NULL DEFAULT 'none',
    "pad_width" INTEGER,
    "shard_prefix_length" INTEGER,
    "key_count" INTEGER NOT NULL DEFAULT 0,
    "byte_size" BIGINT NOT NULL DEFAULT 0,
    "last_import_id" UUID,
    "last_imported_at" TIMESTAMPTZ(3),
    "last_imported_by_id" UUID,
    "published_manifest" TEXT,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_imports" (
    "id" UUID NOT NULL,
    "dataset_id" UUID NOT NULL,
    "staging_id" UUID NOT NULL,
    "options" JSONB NOT NULL,
    "status" "DatasetImportStatus" NOT NULL DEFAULT 'queued',
    "rows_parsed" INTEGER NOT NULL DEFAULT 0,
    "rows_accepted" INTEGER NOT NULL DEFAULT 0,
    "rows_skipped" INTEGER NOT NULL DEFAULT 0,
    "files_total" INTEGER NOT NULL DEFAULT 0,
    "files_uploaded" INTEGER NOT NULL DEFAULT 0,
    "files_deleted" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "error" TEXT,
    "requested_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "dataset_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_import_rows" (
    "import_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,

    CONSTRAINT "dataset_import_rows_pkey" PRIMARY KEY ("import_id","line")
);

-- CreateTable
CREATE TABLE "dataset_keys" (
    "dataset_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "published_hash" TEXT,
    "removed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "dataset_keys_pkey" PRIMARY KEY ("dataset_id","key")
);

-- CreateTable
CREATE TABLE "dataset_shards" (
    "dataset_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "published_hash" TEXT NOT NULL,

    CONSTRAINT "dataset_shards_pkey" PRIMARY KEY ("dataset_id","prefix")
);

-- CreateIndex
CREATE UNIQUE INDEX "datasets_name_key" ON "datasets"("name");

-- CreateIndex
CREATE INDEX "dataset_imports_dataset_id_created_at_idx" ON "dataset_imports"("dataset_id", "created_at");

-- CreateIndex
CREATE INDEX "dataset_imports_dataset_id_status_idx" ON "dataset_imports"("dataset_id", "status");

-- CreateIndex
CREATE INDEX "dataset_import_rows_import_id_key_idx" ON "dataset_import_rows"("import_id", "key");

-- CreateIndex
CREATE INDEX "dataset_keys_dataset_id_removed_idx" ON "dataset_keys"("dataset_id", "removed");

