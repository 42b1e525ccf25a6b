CREATE TABLE "factual_accuracy_checks" (
	"inspection_id" uuid PRIMARY KEY NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"deadline" date NOT NULL,
	"working_days" integer NOT NULL,
	"remind_on" date NOT NULL,
	"draft_version" integer NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"reminder_queued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"inspection_version" integer NOT NULL,
	"draft_version" integer,
	"comment_count" integer NOT NULL,
	"accepted_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_kind_check";--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "section" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "standard_id" text;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "response" text;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "response_text" text;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "responded_by" uuid;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "service_comments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "factual_accuracy_checks" ADD CONSTRAINT "factual_accuracy_checks_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "factual_accuracy_checks" ADD CONSTRAINT "factual_accuracy_checks_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_approvals_inspection_idx" ON "inspection_approvals" USING btree ("inspection_id","approved_at");--> statement-breakpoint
ALTER TABLE "service_comments" ADD CONSTRAINT "service_comments_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_comments_inspection_idx" ON "service_comments" USING btree ("inspection_id","created_at");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind_check" CHECK ("outbox"."kind" in ('draft_shared', 'factual_accuracy_comment', 'factual_accuracy_reminder', 'preview_link', 'subscription_confirm', 'report_published'));--> statement-breakpoint
ALTER TABLE "service_comments" ADD CONSTRAINT "service_comments_section_check" CHECK ("service_comments"."section" in ('overall', 'standard', 'recommendations', 'other'));--> statement-breakpoint
ALTER TABLE "service_comments" ADD CONSTRAINT "service_comments_response_check" CHECK ("service_comments"."response" in ('accepted', 'not_accepted'));--> statement-breakpoint
ALTER TABLE "service_comments" ADD CONSTRAINT "service_comments_standard_check" CHECK (("service_comments"."section" = 'standard') = ("service_comments"."standard_id" is not null));--> statement-breakpoint
ALTER TABLE "service_comments" ADD CONSTRAINT "service_comments_answer_check" CHECK (("service_comments"."response" is null) = ("service_comments"."response_text" is null)
        and ("service_comments"."response" is null) = ("service_comments"."responded_at" is null));--> statement-breakpoint
-- Inspections already at the factual-accuracy check when this ships get their check, sent when
-- they last changed: two calendar weeks later is ten working days for a draft sent on a weekday,
-- and the reminder goes two working days before that deadline.
INSERT INTO "factual_accuracy_checks" ("inspection_id", "sent_at", "deadline", "working_days", "remind_on", "draft_version")
SELECT "id", "updated_at", d, 10, d - CASE WHEN extract(isodow FROM d) <= 2 THEN 4 ELSE 2 END, "version"
FROM (SELECT "id", "updated_at", "version", ("updated_at" AT TIME ZONE 'Europe/London')::date + 14 AS d
      FROM "inspections" WHERE "status" = 'factual_accuracy') AS sent;
