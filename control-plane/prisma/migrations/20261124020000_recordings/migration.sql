-- CreateEnum
CREATE TYPE "recording_status" AS ENUM ('pending', 'recording', 'processing', 'ready', 'failed');

-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "conference_id" UUID NOT NULL,
    "status" "recording_status" NOT NULL DEFAULT 'pending',
    "storage_key" TEXT NOT NULL,
    "requested_by" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "duration_sec" DOUBLE PRECISION,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recordings_storage_key_key" ON "recordings"("storage_key");

-- CreateIndex
CREATE INDEX "recordings_conference_id_idx" ON "recordings"("conference_id");

-- CreateIndex
CREATE INDEX "recordings_status_idx" ON "recordings"("status");

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
