ALTER TABLE "inspections" ADD COLUMN "overall_rationale" text;--> statement-breakpoint
ALTER TABLE "standard_ratings" ADD COLUMN "computed_rating" text;