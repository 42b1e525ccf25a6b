ALTER TABLE "inspections" ADD COLUMN "overall_public_source" jsonb;--> statement-breakpoint
ALTER TABLE "standard_ratings" ADD COLUMN "public_source" jsonb;