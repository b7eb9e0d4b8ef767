-- AlterTable: a person's access tokens carry this number; raising it (logout, a password reset)
-- revokes every token issued before.
ALTER TABLE "people" ADD COLUMN "token_version" INTEGER NOT NULL DEFAULT 0;
