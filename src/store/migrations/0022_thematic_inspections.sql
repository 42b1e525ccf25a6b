CREATE TABLE "thematic_inspection_services" (
	"thematic_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "thematic_inspection_services_thematic_id_service_id_pk" PRIMARY KEY("thematic_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "thematic_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"title_known" boolean NOT NULL,
	"publication_earliest" date NOT NULL,
	"publication_latest" date NOT NULL,
	"publication_precision" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"publisher" text NOT NULL,
	"partner_inspectorates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sampled" text NOT NULL,
	"sources" jsonb NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thematic_inspections_publication_precision_check" CHECK ("thematic_inspections"."publication_precision" in ('day', 'month', 'year')),
	CONSTRAINT "thematic_inspections_sources_check" CHECK (jsonb_array_length("thematic_inspections"."sources") > 0)
);
--> statement-breakpoint
ALTER TABLE "thematic_inspection_services" ADD CONSTRAINT "thematic_inspection_services_thematic_id_thematic_inspections_id_fk" FOREIGN KEY ("thematic_id") REFERENCES "public"."thematic_inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thematic_inspection_services" ADD CONSTRAINT "thematic_inspection_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thematic_inspection_services_service_idx" ON "thematic_inspection_services" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "thematic_inspections_ref_key" ON "thematic_inspections" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "thematic_inspections_published_idx" ON "thematic_inspections" USING btree ("published_at");