CREATE TABLE "case_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"case_id" text NOT NULL,
	"strata" jsonb NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"sample_state" text,
	"sample_position" integer,
	"unusable_reason" text,
	"replaced_by" text,
	CONSTRAINT "case_list_entries_sample_state_check" CHECK ("case_list_entries"."sample_state" in ('sampled', 'unusable', 'replacement'))
);
--> statement-breakpoint
CREATE TABLE "case_lists" (
	"inspection_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"row_count" integer NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	"seed" text,
	"rule" jsonb,
	"drawn_at" timestamp with time zone,
	"drawn_by" uuid
);
--> statement-breakpoint
ALTER TABLE "case_list_entries" ADD CONSTRAINT "case_list_entries_inspection_id_case_lists_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."case_lists"("inspection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_lists" ADD CONSTRAINT "case_lists_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_lists" ADD CONSTRAINT "case_lists_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_lists" ADD CONSTRAINT "case_lists_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_list_entries_case_key" ON "case_list_entries" USING btree ("inspection_id","case_id");