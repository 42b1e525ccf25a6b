CREATE TABLE "register_snapshot_items" (
	"key" text NOT NULL,
	"list" text NOT NULL,
	"position" integer NOT NULL,
	"item" jsonb NOT NULL,
	CONSTRAINT "register_snapshot_items_key_list_position_pk" PRIMARY KEY("key","list","position")
);
--> statement-breakpoint
CREATE TABLE "register_snapshots" (
	"key" text PRIMARY KEY NOT NULL,
	"register_version" integer NOT NULL,
	"as_at" text NOT NULL,
	"summary" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "register_snapshot_items" ADD CONSTRAINT "register_snapshot_items_key_register_snapshots_key_fk" FOREIGN KEY ("key") REFERENCES "public"."register_snapshots"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_snapshots_computed_idx" ON "register_snapshots" USING btree ("computed_at");--> statement-breakpoint
INSERT INTO "register_state" ("id", "version") VALUES (1, 0);
