CREATE TABLE "discrepancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid,
	"field" text NOT NULL,
	"source" text NOT NULL,
	"stated" text,
	"recorded" text,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"standard_id" text,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"service_id" uuid NOT NULL,
	"framework_id" text NOT NULL,
	"framework_version" text NOT NULL,
	"framework_basis" text,
	"framework_ambiguity" text,
	"title" text,
	"status" text NOT NULL,
	"fieldwork_text" text,
	"fieldwork_start" date,
	"fieldwork_start_latest" date,
	"fieldwork_precision" text,
	"fieldwork_end" date,
	"publication_earliest" date,
	"publication_latest" date,
	"publication_precision" text,
	"published_at" timestamp with time zone,
	"score" integer,
	"score_max" integer,
	"score_source" text,
	"overall_rating" text,
	"overall_source" text,
	"recommendations_stated" integer,
	"recommendations_breakdown" text,
	"chief_inspector" text,
	"lead_inspector" text,
	"ratings_summary" text,
	"source_url" text,
	"other_source_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"origin" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"addressee" text NOT NULL,
	"addressee_name" text,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_areas" (
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"ons_code" text,
	CONSTRAINT "service_areas_service_id_name_pk" PRIMARY KEY("service_id","name")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"former_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"area_key" text NOT NULL,
	"region" text NOT NULL,
	"nation" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standard_ratings" (
	"inspection_id" uuid NOT NULL,
	"standard_id" text NOT NULL,
	"rating" text,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"rationale" text,
	"key_questions" jsonb,
	CONSTRAINT "standard_ratings_inspection_id_standard_id_pk" PRIMARY KEY("inspection_id","standard_id")
);
--> statement-breakpoint
ALTER TABLE "discrepancies" ADD CONSTRAINT "discrepancies_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_ratings" ADD CONSTRAINT "standard_ratings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discrepancies_inspection_idx" ON "discrepancies" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "findings_inspection_idx" ON "findings" USING btree ("inspection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_ref_key" ON "inspections" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "inspections_service_idx" ON "inspections" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "inspections_published_idx" ON "inspections" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "recommendations_inspection_idx" ON "recommendations" USING btree ("inspection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "services_slug_key" ON "services" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "services_area_key_key" ON "services" USING btree ("area_key");--> statement-breakpoint
CREATE INDEX "services_region_idx" ON "services" USING btree ("region");