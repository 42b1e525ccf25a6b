ALTER TABLE "inspections" DROP CONSTRAINT "inspections_publication_precision_check";--> statement-breakpoint
ALTER TABLE "thematic_inspections" DROP CONSTRAINT "thematic_inspections_publication_precision_check";--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_publication_bounds_check" CHECK ("inspections"."publication_earliest" is null or "inspections"."publication_latest" is null
          or "inspections"."publication_earliest" <= "inspections"."publication_latest");--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_publication_precision_check" CHECK ("inspections"."publication_precision" in ('day', 'month', 'year', 'range'));--> statement-breakpoint
ALTER TABLE "thematic_inspections" ADD CONSTRAINT "thematic_inspections_publication_precision_check" CHECK ("thematic_inspections"."publication_precision" in ('day', 'month', 'year', 'range'));