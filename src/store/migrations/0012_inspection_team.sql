CREATE TABLE "inspection_team" (
	"inspection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'inspector' NOT NULL,
	"partner_inspectorate" text,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by" uuid,
	CONSTRAINT "inspection_team_inspection_id_user_id_pk" PRIMARY KEY("inspection_id","user_id"),
	CONSTRAINT "inspection_team_role_check" CHECK ("inspection_team"."role" in ('inspector', 'partner_inspector'))
);
--> statement-breakpoint
ALTER TABLE "inspections" DROP CONSTRAINT "inspections_status_check";--> statement-breakpoint
ALTER TABLE "inspection_team" ADD CONSTRAINT "inspection_team_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_team" ADD CONSTRAINT "inspection_team_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_team" ADD CONSTRAINT "inspection_team_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_team_user_idx" ON "inspection_team" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_status_check" CHECK ("inspections"."status" in ('planned', 'fieldwork', 'rating_panel', 'factual_accuracy', 'approved', 'scheduled', 'published', 'withdrawn'));--> statement-breakpoint
-- Inspections in progress keep the people who already work on them: a workflow inspection with no
-- lead is led by whoever created it, and every inspector who recorded a case joins its team.
UPDATE "inspections" SET "lead_inspector_id" = (
	SELECT "actor_id" FROM "audit_events" e
	WHERE e."entity_type" = 'inspection' AND e."action" = 'create' AND e."entity_id" = "inspections"."id"::text AND e."actor_role" = 'lead_inspector'
	ORDER BY e."id" LIMIT 1
) WHERE "origin" = 'workflow' AND "lead_inspector_id" IS NULL;--> statement-breakpoint
INSERT INTO "inspection_team" ("inspection_id", "user_id", "role", "assigned_at")
SELECT DISTINCT c."inspection_id", c."inspector_id", 'inspector', now()
FROM "case_assessments" c JOIN "inspections" i ON i."id" = c."inspection_id"
WHERE c."inspector_id" IS NOT NULL AND c."inspector_id" IS DISTINCT FROM i."lead_inspector_id"
ON CONFLICT DO NOTHING;
