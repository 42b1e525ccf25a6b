CREATE TABLE "service_listing" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"inspection_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"nation" text NOT NULL,
	"framework_id" text NOT NULL,
	"overall_rating" text,
	"rating_rank" integer NOT NULL,
	"score" integer,
	"score_max" integer,
	"publication_precision" text,
	"publication_earliest" date,
	"publication_latest" date,
	"inspection_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_listing_counts" (
	"overall" text NOT NULL,
	"region" text NOT NULL,
	"nation" text NOT NULL,
	"framework_id" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "service_listing_counts_overall_region_nation_framework_id_pk" PRIMARY KEY("overall","region","nation","framework_id")
);
--> statement-breakpoint
DROP INDEX "services_region_idx";--> statement-breakpoint
ALTER TABLE "register_state" ADD COLUMN "listing_version" integer DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_listing" ADD CONSTRAINT "service_listing_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_listing" ADD CONSTRAINT "service_listing_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_listing_name_idx" ON "service_listing" USING btree ("name");--> statement-breakpoint
CREATE INDEX "service_listing_rating_idx" ON "service_listing" USING btree ("rating_rank","name");--> statement-breakpoint
CREATE INDEX "service_listing_rating_desc_idx" ON "service_listing" USING btree ("rating_rank" DESC NULLS LAST,"name");--> statement-breakpoint
CREATE INDEX "service_listing_published_idx" ON "service_listing" USING btree ("publication_latest","name");--> statement-breakpoint
CREATE INDEX "service_listing_published_desc_idx" ON "service_listing" USING btree ("publication_latest" DESC NULLS LAST,"name");--> statement-breakpoint
CREATE INDEX "service_listing_region_idx" ON "service_listing" USING btree ("region","name");--> statement-breakpoint
CREATE INDEX "services_region_idx" ON "services" USING btree ("region","nation");--> statement-breakpoint
-- Hand-written: the listing of the register as it stands (store/service-listing-repo.ts keeps it from here on).
INSERT INTO "service_listing" ("service_id", "inspection_id", "ref", "slug", "name", "region", "nation", "framework_id",
  "overall_rating", "rating_rank", "score", "score_max", "publication_precision", "publication_earliest",
  "publication_latest", "inspection_count")
SELECT DISTINCT ON (i.service_id)
  i.service_id, i.id, i.ref, s.slug, s.name, s.region, s.nation, i.framework_id, i.overall_rating,
  CASE i.overall_rating WHEN 'outstanding' THEN 0 WHEN 'good' THEN 1 WHEN 'requires_improvement' THEN 2
    WHEN 'inadequate' THEN 3 ELSE 4 END,
  i.score, i.score_max, i.publication_precision, i.publication_earliest, i.publication_latest,
  (SELECT count(*)::int FROM "inspections" v
    WHERE v.service_id = i.service_id AND v.status = 'published' AND v.published_at IS NOT NULL)
FROM "inspections" i JOIN "services" s ON s.id = i.service_id
WHERE i.status = 'published' AND i.published_at IS NOT NULL AND i.kind IN ('single', 'joint')
ORDER BY i.service_id, i.publication_latest DESC NULLS LAST, i.published_at DESC NULLS LAST, i.ref DESC;--> statement-breakpoint
INSERT INTO "service_listing_counts" ("overall", "region", "nation", "framework_id", "n")
SELECT coalesce(overall_rating, ''), region, nation, framework_id, count(*)::int
FROM "service_listing" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
UPDATE "register_state" SET "listing_version" = "version";
