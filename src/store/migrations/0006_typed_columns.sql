ALTER TABLE "findings" ADD CONSTRAINT "findings_kind_check" CHECK ("findings"."kind" in ('strength', 'improvement'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_status_check" CHECK ("inspections"."status" in ('planned', 'fieldwork', 'rating_panel', 'factual_accuracy', 'approved', 'scheduled', 'published'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_fieldwork_precision_check" CHECK ("inspections"."fieldwork_precision" in ('day', 'month', 'year'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_publication_precision_check" CHECK ("inspections"."publication_precision" in ('day', 'month', 'year'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_score_source_check" CHECK ("inspections"."score_source" in ('computed', 'stated', 'derived'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_overall_source_check" CHECK ("inspections"."overall_source" in ('computed', 'judged', 'published'));--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_kind_check" CHECK ("panel_decisions"."kind" in ('judgement', 'override', 'overall'));--> statement-breakpoint
ALTER TABLE "preview_links" ADD CONSTRAINT "preview_links_recipient_kind_check" CHECK ("preview_links"."recipient_kind" in ('press', 'minister', 'service', 'other'));--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_addressee_check" CHECK ("recommendations"."addressee" in ('management_board', 'yjs', 'police', 'health', 'local_authority', 'probation', 'other'));--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_nation_check" CHECK ("services"."nation" in ('England', 'Wales'));--> statement-breakpoint
ALTER TABLE "standard_ratings" ADD CONSTRAINT "standard_ratings_status_check" CHECK ("standard_ratings"."status" in ('rated', 'not_rated'));--> statement-breakpoint
ALTER TABLE "standard_ratings" ADD CONSTRAINT "standard_ratings_source_check" CHECK ("standard_ratings"."source" in ('computed', 'judged', 'published'));