-- AlterTable: media URLs of a conference's recordings carry this number; raising it (the secrecy
-- or the named viewers changed) ends every URL signed before.
ALTER TABLE "conferences" ADD COLUMN "audience_version" INTEGER NOT NULL DEFAULT 0;
