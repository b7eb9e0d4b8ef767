-- CreateEnum
CREATE TYPE "person_role" AS ENUM ('system_admin', 'operator', 'site_operator', 'member');

-- CreateEnum
CREATE TYPE "document_classification" AS ENUM ('public', 'internal', 'secret');

-- CreateEnum
CREATE TYPE "audit_outcome" AS ENUM ('done', 'denied');

-- AlterTable
ALTER TABLE "conferences" ADD COLUMN     "agenda" TEXT,
ADD COLUMN     "parent_id" UUID;

-- AlterTable
ALTER TABLE "conference_sites" ADD COLUMN     "explicit" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "conference_rules" (
    "conference_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "down_to_tier" INTEGER,

    CONSTRAINT "conference_rules_pkey" PRIMARY KEY ("conference_id","unit_id")
);

-- CreateTable
CREATE TABLE "people" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT,
    "role" "person_role" NOT NULL,
    "unit_id" UUID NOT NULL,
    "site_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendance_intervals" (
    "id" UUID NOT NULL,
    "conference_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "attendance_intervals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delegate_reports" (
    "conference_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "delegates" INTEGER NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delegate_reports_pkey" PRIMARY KEY ("conference_id","site_id")
);

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL,
    "conference_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "classification" "document_classification" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT,
    "unit_path" TEXT,
    "outcome" "audit_outcome" NOT NULL,
    "ip" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conferences_parent_id_idx" ON "conferences"("parent_id");

-- CreateIndex
CREATE INDEX "conference_rules_unit_id_idx" ON "conference_rules"("unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "people_username_key" ON "people"("username");

-- CreateIndex
CREATE INDEX "people_unit_id_idx" ON "people"("unit_id");

-- CreateIndex
CREATE INDEX "people_site_id_idx" ON "people"("site_id");

-- CreateIndex
CREATE INDEX "attendance_intervals_conference_id_site_id_idx" ON "attendance_intervals"("conference_id", "site_id");

-- CreateIndex
CREATE INDEX "attendance_intervals_site_id_idx" ON "attendance_intervals"("site_id");

-- CreateIndex
CREATE INDEX "delegate_reports_site_id_idx" ON "delegate_reports"("site_id");

-- CreateIndex
CREATE INDEX "documents_conference_id_idx" ON "documents"("conference_id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_unit_path_idx" ON "audit_log"("unit_path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "audit_log_resource_type_resource_id_idx" ON "audit_log"("resource_type", "resource_id");

-- AddForeignKey
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "conferences"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conference_rules" ADD CONSTRAINT "conference_rules_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conference_rules" ADD CONSTRAINT "conference_rules_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "people" ADD CONSTRAINT "people_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "people" ADD CONSTRAINT "people_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance_intervals" ADD CONSTRAINT "attendance_intervals_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance_intervals" ADD CONSTRAINT "attendance_intervals_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegate_reports" ADD CONSTRAINT "delegate_reports_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegate_reports" ADD CONSTRAINT "delegate_reports_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
