-- Votes by delegates: one row per vote, one per site that entered counts (never per person).

-- CreateTable
CREATE TABLE "votes" (
    "id" UUID NOT NULL,
    "conference_id" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "opened_by" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "result" JSONB,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vote_entries" (
    "vote_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,
    "counts" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vote_entries_pkey" PRIMARY KEY ("vote_id","site_id")
);

-- CreateIndex
CREATE INDEX "votes_conference_id_idx" ON "votes"("conference_id");

-- CreateIndex
CREATE INDEX "vote_entries_site_id_idx" ON "vote_entries"("site_id");

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_conference_id_fkey" FOREIGN KEY ("conference_id") REFERENCES "conferences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vote_entries" ADD CONSTRAINT "vote_entries_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "votes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vote_entries" ADD CONSTRAINT "vote_entries_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;
