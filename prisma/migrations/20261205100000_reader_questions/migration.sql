
-- CreateEnum
CREATE TYPE "ReaderQuestionStatus" AS ENUM ('waiting', 'approved', 'rejected', 'spam', 'answered');

-- AlterTable
ALTER TABLE "live_blogs" ADD COLUMN     "question_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "questions_enabled" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "reader_questions" (
    "id" UUID NOT NULL,
    "live_blog_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "email" TEXT,
    "status" "ReaderQuestionStatus" NOT NULL DEFAULT 'waiting',
    "answer_entry_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "moderated_by_id" UUID,
    "moderated_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "reader_questions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reader_questions_live_blog_id_status_received_at_idx" ON "reader_questions"("live_blog_id", "status", "received_at");

-- AddForeignKey
ALTER TABLE "reader_questions" ADD CONSTRAINT "reader_questions_live_blog_id_fkey" FOREIGN KEY ("live_blog_id") REFERENCES "live_blogs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

