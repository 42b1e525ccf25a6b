import { compareTotals, TOTAL_RATINGS, type TotalGap } from '../../domain/coverage.ts';
import { visibleAsAt, londonToday } from '../../domain/embargo.ts';
import { listPublicEntries } from '../../store/register-repo.ts';
import { publishedTotals } from '../../store/published-totals.ts';
import { t } from '../i18n.ts';
import type { RoutesPlugin } from '../validation.ts';
import { placeName, ratingLabel } from '../view-helpers.ts';

/** "3 to 5", or its Welsh; one number when the range is one. */
const rangeText = (r: { min: number; max: number }) =>
  r.min === r.max ? String(r.min) : t('home.range', { min: r.min, max: r.max });

/** A published figure the register cannot explain, in the page's language (the domain's words are English). */
const gapText = (g: TotalGap) =>
  t(g.kind === 'missing' ? 'pages:coverage.missing' : 'pages:coverage.extra', {
    what: g.what === 'inspected' ? t('pages:coverage.inspected') : ratingLabel(g.what),
    published: g.published,
    held: rangeText(g.held),
    by: g.by,
  });

/**
 * Coverage: what the register holds set beside what HMIP itself published, so a reader can see
 * where the register is incomplete or its dates are unsure before trusting a count. Public,
 * cached, and in Welsh too; it reads only what is public now.
 */
export const coverageRoutes: RoutesPlugin = async (app) => {
  app.get('/coverage', { config: { auth: 'public', cache: true, welsh: true } }, async (req, reply) => {
    const now = app.deps.now();
    const entries = await listPublicEntries(app.deps.database.db, visibleAsAt(londonToday(now), now));
    const comparisons = compareTotals(publishedTotals(), entries).map((c, i) => ({
      id: `total-${i + 1}`,
      label: c.total.label,
      source: c.total.source,
      notes: c.total.notes,
      differences: c.register ? c.gaps.map(gapText) : [t('pages:coverage.noPeriod')],
      confirmed: c.confirmed,
      rows: [
        { what: t('pages:coverage.inspected'), published: c.total.inspected, held: c.register?.inspected },
        ...TOTAL_RATINGS.map((r) => ({
          what: ratingLabel(r),
          published: c.total.counts[r],
          held: c.register?.counts[r],
        })),
      ].map((row) => ({
        what: row.what,
        published: row.published === null ? t('pages:coverage.notStated') : String(row.published),
        held: row.held ? rangeText(row.held) : t('pages:coverage.notCompared'),
      })),
    }));
    const standards = await app.services.standards.consistency();
    // Framework names in the page's language (the consistency check names them in English).
    const frameworkNames = new Map(
      [...app.deps.frameworks().values()].map((f) => [f.name, (req.lang === 'cy' ? f.nameCy : undefined) ?? f.name]),
    );
    return reply.page('coverage/coverage.njk', {
      title: t('pages:coverage.title'),
      inspections: entries.length,
      undated: entries.filter((e) => !e.publication).length,
      comparisons,
      standards: {
        ...standards,
        failures: standards.failures.map((x) => ({
          ref: x.ref,
          serviceName: placeName(x.serviceName),
          frameworkName: frameworkNames.get(x.frameworkName) ?? x.frameworkName,
          what: x.field === 'overall' ? t('pages:coverage.overallRating') : t('pages:coverage.score'),
          // The check's own words, English (marked so on a Welsh page).
          message: x.message.charAt(0).toUpperCase() + x.message.slice(1) + '.',
        })),
      },
    });
  });
};
