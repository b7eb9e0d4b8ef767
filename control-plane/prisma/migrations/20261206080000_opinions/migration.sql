-- Written opinions ("ý kiến"): one row per opinion a site sent, with the secretariat's decision.

-- CreateTable
CREATE TABLE "opinions" (
    "id" UUID NOT NULL,
    "conference_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "site_id" UUID NOT NULL,
    "client_ref" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "speaker_name" TEXT NOT NULL,
    "speaker_role" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "merged_into_id" UUID,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "opinions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "opinions_site_id_idx" ON "opinions"("site_id");

-- CreateIndex
CREATE INDEX "opinions_merged_into_id_idx" ON "opinions"("merged_into_id");

-- CreateIndex
CREATE UNIQUE INDEX "opinions_conference_id_number_key" ON "opinions"("conference_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "opinions_conference_id_site_id_client_ref_key" ON "opinions"("conference_id", "site_id", "client_ref");

-- AddForeignKey
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "opinions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
