CREATE TABLE "job_runs" (
	"job" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "published_samples" (
	"inspection_id" uuid NOT NULL,
	"case_type" text NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "published_samples_inspection_id_case_type_pk" PRIMARY KEY("inspection_id","case_type")
);
--> statement-breakpoint
ALTER TABLE "published_samples" ADD CONSTRAINT "published_samples_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "job_runs" ("job", "last_run_at") VALUES ('retention', '1970-01-01T00:00:00Z');--> statement-breakpoint
-- The audit trail stays append-only for everything but the retention run. A transaction that has
-- set inspectorate.retention to 'on' (set_config(..., true), so it ends with the transaction) may
-- delete events past their period and remove personal fields from before/after; who, when, what and
-- which record are never changed. This guards against a mistaken write, not against the database's
-- owner, who could drop the trigger: access to the database is the control for that (docs/security.md).
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('inspectorate.retention', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.actor_name IS NOT DISTINCT FROM OLD.actor_name
       AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
       AND NEW.inspection_id IS NOT DISTINCT FROM OLD.inspection_id THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
