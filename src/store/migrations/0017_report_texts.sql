CREATE TABLE "report_texts" (
	"inspection_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"foreword" text NOT NULL,
	"overview" text NOT NULL,
	"narratives" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"saved_by" uuid,
	"saved_by_name" text NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_texts_inspection_id_version_pk" PRIMARY KEY("inspection_id","version"),
	CONSTRAINT "report_texts_version_check" CHECK ("report_texts"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;