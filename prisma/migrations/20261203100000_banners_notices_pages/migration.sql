-- CreateEnum
CREATE TYPE "BannerSeverity" AS ENUM ('info', 'warning', 'urgent');

-- CreateEnum
CREATE TYPE "BannerStatus" AS ENUM ('draft', 'published', 'archived');

-- CreateEnum
CREATE TYPE "BannerTargeting" AS ENUM ('everyone', 'states', 'zip_prefixes');

-- CreateEnum
CREATE TYPE "PageStatus" AS ENUM ('draft', 'live', 'archived');

-- CreateEnum
CREATE TYPE "PageScheduleStatus" AS ENUM ('scheduled', 'applied', 'cancelled');

-- CreateTable
CREATE TABLE "banner_sets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "banner_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "banners" (
    "id" UUID NOT NULL,
    "set_id" UUID NOT NULL,
    "status" "BannerStatus" NOT NULL DEFAULT 'draft',
    "message_html" TEXT NOT NULL,
    "cta_label" TEXT,
    "cta_url" TEXT,
    "severity" "BannerSeverity" NOT NULL DEFAULT 'info',
    "placements" TEXT[],
    "targeting" "BannerTargeting" NOT NULL DEFAULT 'everyone',
    "target_states" TEXT[],
    "target_zip_prefixes" TEXT[],
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "dismissible" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "banners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emergency_notices" (
    "id" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "emergency_notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pages" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "PageStatus" NOT NULL DEFAULT 'draft',
    "modules" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page_schedules" (
    "id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "modules" JSONB NOT NULL,
    "go_live_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "PageScheduleStatus" NOT NULL DEFAULT 'scheduled',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "page_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "banner_sets_name_key" ON "banner_sets"("name");

-- CreateIndex
CREATE INDEX "banners_set_id_status_idx" ON "banners"("set_id", "status");

-- CreateIndex
CREATE INDEX "emergency_notices_issued_at_idx" ON "emergency_notices"("issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "pages_slug_key" ON "pages"("slug");

-- CreateIndex
CREATE INDEX "page_schedules_status_go_live_at_idx" ON "page_schedules"("status", "go_live_at");

-- AddForeignKey
ALTER TABLE "banners" ADD CONSTRAINT "banners_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "banner_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "banners" ADD CONSTRAINT "banners_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emergency_notices" ADD CONSTRAINT "emergency_notices_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pages" ADD CONSTRAINT "pages_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_schedules" ADD CONSTRAINT "page_schedules_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_schedules" ADD CONSTRAINT "page_schedules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The one banner set every banner belongs to (published as banners/latest.json)
INSERT INTO "banner_sets" ("id", "name") VALUES ('00000000-0000-4000-8000-0000000000b1', 'main');
