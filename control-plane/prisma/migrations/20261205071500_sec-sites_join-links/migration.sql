-- CreateTable
CREATE TABLE "join_links" (
    "code" TEXT NOT NULL,
    "conference_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "generation" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "join_links_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE UNIQUE INDEX "join_links_conference_id_site_id_generation_key" ON "join_links"("conference_id", "site_id", "generation");

-- CreateIndex
CREATE INDEX "join_links_site_id_idx" ON "join_links"("site_id");

-- AddForeignKey
ALTER TABLE "join_links" ADD CONSTRAINT "join_links_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "join_links" ADD CONSTRAINT "join_links_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;
