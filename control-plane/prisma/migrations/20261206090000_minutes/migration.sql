-- The minutes ("biên bản"): when a conference ended, and each conference's minutes request and state.

-- AlterTable
ALTER TABLE "conferences" ADD COLUMN "ended_at" TIMESTAMPTZ(3);

-- CreateEnum
CREATE TYPE "minutes_state" AS ENUM ('queued', 'generating', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "minutes_header" AS ENUM ('state', 'party');

-- CreateTable
CREATE TABLE "conference_minutes" (
    "conference_id" UUID NOT NULL,
    "state" "minutes_state" NOT NULL DEFAULT 'queued',
    "header" "minutes_header" NOT NULL DEFAULT 'state',
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" TEXT,
    "generated_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "conference_minutes_pkey" PRIMARY KEY ("conference_id")
);

-- AddForeignKey
ALTER TABLE "conference_minutes" ADD CONSTRAINT "conference_minutes_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
