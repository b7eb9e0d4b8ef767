-- AlterTable: a password set by someone else (drawn by a reset, or typed by an admin) must be
-- replaced by its owner at the next sign-in.
ALTER TABLE "people" ADD COLUMN "password_must_change" BOOLEAN NOT NULL DEFAULT false;
