-- CreateEnum
CREATE TYPE "CommandStatus" AS ENUM ('applied', 'rejected');

-- AlterTable
ALTER TABLE "entries" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "commands" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actor_id" UUID NOT NULL,
    "document_id" TEXT NOT NULL,
    "status" "CommandStatus" NOT NULL,
    "reason" TEXT,
    "result" JSONB NOT NULL DEFAULT '{}',
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_controls" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "max_apply_per_second" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_controls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "applied_total" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "commands_actor_id_applied_at_idx" ON "commands"("actor_id", "applied_at");

-- CreateIndex
CREATE INDEX "commands_document_id_applied_at_idx" ON "commands"("document_id", "applied_at");

-- CreateIndex
CREATE INDEX "worker_heartbeats_last_seen_at_idx" ON "worker_heartbeats"("last_seen_at");

