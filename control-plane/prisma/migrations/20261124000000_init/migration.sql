-- CreateEnum
CREATE TYPE "link_profile" AS ENUM ('fibre', 'dsl', 'cellular_4g', 'cellular_3g', 'satellite', 'weak');

-- CreateEnum
CREATE TYPE "conference_status" AS ENUM ('scheduled', 'open', 'live', 'ended', 'cancelled');

-- CreateTable
CREATE TABLE "tiers" (
    "level" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "tiers_pkey" PRIMARY KEY ("level")
);

-- CreateTable
CREATE TABLE "units" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier_level" INTEGER NOT NULL,
    "parent_id" UUID,
    "path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sites" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit_id" UUID NOT NULL,
    "address" TEXT,
    "delegate_capacity" INTEGER NOT NULL,
    "link_profile" "link_profile" NOT NULL,
    "contact" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conferences" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "host_unit_id" UUID NOT NULL,
    "origin_site_id" UUID NOT NULL,
    "status" "conference_status" NOT NULL DEFAULT 'scheduled',
    "scheduled_start" TIMESTAMPTZ(3) NOT NULL,
    "scheduled_end" TIMESTAMPTZ(3) NOT NULL,
    "recording_enabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conferences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conference_sites" (
    "conference_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conference_sites_pkey" PRIMARY KEY ("conference_id","site_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "units_code_key" ON "units"("code");

-- CreateIndex
CREATE INDEX "units_path_idx" ON "units"("path" text_pattern_ops);

-- CreateIndex
CREATE INDEX "units_parent_id_idx" ON "units"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "sites_code_key" ON "sites"("code");

-- CreateIndex
CREATE INDEX "sites_unit_id_idx" ON "sites"("unit_id");

-- CreateIndex
CREATE INDEX "conferences_host_unit_id_idx" ON "conferences"("host_unit_id");

-- CreateIndex
CREATE INDEX "conferences_origin_site_id_idx" ON "conferences"("origin_site_id");

-- CreateIndex
CREATE INDEX "conferences_scheduled_start_idx" ON "conferences"("scheduled_start");

-- CreateIndex
CREATE INDEX "conference_sites_site_id_idx" ON "conference_sites"("site_id");

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_tier_level_fkey" FOREIGN KEY ("tier_level") REFERENCES "tiers"("level") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sites" ADD CONSTRAINT "sites_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_host_unit_id_fkey" FOREIGN KEY ("host_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_origin_site_id_fkey" FOREIGN KEY ("origin_site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conference_sites" ADD CONSTRAINT "conference_sites_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conference_sites" ADD CONSTRAINT "conference_sites_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;
