import { londonToday, visibleAsAt } from '../domain/embargo.ts';
import type { ThematicListing } from '../domain/thematic-inspection.ts';
import { listPublicThematic, listPublicThematicForService } from '../store/thematic-repo.ts';
import type { ServiceContext } from './context.ts';

/**
 * Thematic inspections: listed with their sources and the services they visited, and never
 * counted (nothing here reads or writes a rating). Only those public at the moment asked for.
 */
export function thematicService(ctx: ServiceContext) {
  const db = () => ctx.database.db;
  const visible = (asAt?: string) => {
    const now = ctx.now();
    return visibleAsAt(asAt ?? londonToday(now), now);
  };
  return {
    /** Every public thematic inspection, newest first. */
    listPublic: (asAt?: string): Promise<ThematicListing[]> => listPublicThematic(db(), visible(asAt)),
    /** The public thematic inspections that visited the service with this slug. */
    forService: (slug: string): Promise<ThematicListing[]> => listPublicThematicForService(db(), slug, visible()),
  };
}
