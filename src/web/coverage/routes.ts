import { rangeText } from '../../domain/count-range.ts';
import { compareTotals, TOTAL_RATINGS } from '../../domain/coverage.ts';
import { visibleAsAt, londonToday } from '../../domain/embargo.ts';
import { listPublicEntries } from '../../store/register-repo.ts';
import { publishedTotals } from '../../store/published-totals.ts';
import type { RoutesPlugin } from '../validation.ts';
import { ratingLabel } from '../view-helpers.ts';

/**
 * Coverage: what the register holds set beside what HMIP itself published, so a reader can see
 * where the register is incomplete or its dates are unsure before trusting a count. Public and
 * cached; it reads only what is public now.
 */
export const coverageRoutes: RoutesPlugin = async (app) => {
  app.get('/coverage', { config: { auth: 'public', cache: true } }, async (_req, reply) => {
    const now = app.deps.now();
    const entries = await listPublicEntries(app.deps.database.db, visibleAsAt(londonToday(now), now));
    const comparisons = compareTotals(publishedTotals(), entries).map((c, i) => ({
      id: `total-${i + 1}`,
      label: c.total.label,
      source: c.total.source,
      notes: c.total.notes,
      differences: c.differences,
      confirmed: c.confirmed,
      rows: [
        { what: 'Inspected', published: c.total.inspected, held: c.register?.inspected },
        ...TOTAL_RATINGS.map((r) => ({
          what: ratingLabel(r),
          published: c.total.counts[r],
          held: c.register?.counts[r],
        })),
      ].map((row) => ({
        what: row.what,
        published: row.published === null ? 'Not stated' : String(row.published),
        held: row.held ? rangeText(row.held) : 'Not compared',
      })),
    }));
    const standards = await app.services.standards.consistency();
    return reply.page('coverage/coverage.njk', {
      title: 'Coverage of the register',
      inspections: entries.length,
      undated: entries.filter((e) => !e.publication).length,
      comparisons,
      standards: {
        ...standards,
        failures: standards.failures.map((x) => ({
          ref: x.ref,
          serviceName: x.serviceName,
          frameworkName: x.frameworkName,
          what: x.field === 'overall' ? 'Overall rating' : 'Score',
          message: x.message.charAt(0).toUpperCase() + x.message.slice(1) + '.',
        })),
      },
    });
  });
};
