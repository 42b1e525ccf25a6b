CREATE TABLE "directory_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"former_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ons_codes" jsonb NOT NULL,
	"nation" text NOT NULL,
	"region" text NOT NULL,
	"existed_from" text,
	"existed_to" text,
	"ended_not_before" date,
	"name_sourced" boolean NOT NULL,
	"source" jsonb,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_services_nation_check" CHECK ("directory_services"."nation" in ('England', 'Wales'))
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "kind" text DEFAULT 'single' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "partner_inspectorates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "source_details" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_services_name_key" ON "directory_services" USING btree ("name");--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_kind_check" CHECK ("inspections"."kind" in ('single', 'joint', 'pilot', 'thematic'));