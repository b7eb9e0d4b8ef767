-- AlterTable
ALTER TABLE "conferences" ADD COLUMN "secret" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "conference_viewers" (
    "conference_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conference_viewers_pkey" PRIMARY KEY ("conference_id","person_id")
);

-- CreateTable
CREATE TABLE "study_assignments" (
    "recording_id" UUID NOT NULL,
    "questions" JSONB NOT NULL,
    "pass_mark" INTEGER NOT NULL,
    "reflection_prompt" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "study_assignments_pkey" PRIMARY KEY ("recording_id")
);

-- CreateTable
CREATE TABLE "study_records" (
    "person_id" TEXT NOT NULL,
    "recording_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "intervals" JSONB NOT NULL,
    "watched_sec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "position_sec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "first_watched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_watched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "test_score" DOUBLE PRECISION,
    "test_passed" BOOLEAN,
    "test_at" TIMESTAMPTZ(3),
    "reflection" TEXT,
    "reflection_at" TIMESTAMPTZ(3),
    "reflection_mark" DOUBLE PRECISION,
    "reflection_comment" TEXT,
    "reflection_marked_by" TEXT,
    "reflection_marked_at" TIMESTAMPTZ(3),

    CONSTRAINT "study_records_pkey" PRIMARY KEY ("person_id","recording_id")
);

-- CreateIndex
CREATE INDEX "conference_viewers_person_id_idx" ON "conference_viewers"("person_id");

-- CreateIndex
CREATE INDEX "study_records_recording_id_unit_id_idx" ON "study_records"("recording_id", "unit_id");

-- CreateIndex
CREATE INDEX "study_records_unit_id_idx" ON "study_records"("unit_id");

-- AddForeignKey
ALTER TABLE "conference_viewers" ADD CONSTRAINT "conference_viewers_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conference_viewers" ADD CONSTRAINT "conference_viewers_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_assignments" ADD CONSTRAINT "study_assignments_recording_id_fkey" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_records" ADD CONSTRAINT "study_records_recording_id_fkey" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_records" ADD CONSTRAINT "study_records_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
