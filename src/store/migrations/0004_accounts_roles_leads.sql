ALTER TABLE "inspections" ADD CONSTRAINT "inspections_lead_inspector_id_users_id_fk" FOREIGN KEY ("lead_inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('inspector', 'lead_inspector', 'publisher', 'service_user', 'board_member', 'admin'));--> statement-breakpoint
-- The demo board member (README, local use only) becomes the read-only board role it stands for.
UPDATE "users" SET "role" = 'board_member' WHERE "email" = 'board@example.test' AND "role" = 'service_user';
