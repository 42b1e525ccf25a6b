import { z } from 'zod';
import { fail, ok, problemsFromZod, type Problem, type Result } from './result.ts';

/**
 * A Framework is data: the standards, how each is rated, and the scoring parameters.
 * Nothing about HMIP's thresholds lives in code; it lives in frameworks/*.json and is
 * checked here, so a typo in a file is caught at load with the file and field named.
 */

const id = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, dot, dash or underscore');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD');
const wording = z.enum(['confirmed', 'unconfirmed']);
/** A date known to a year, a month or a day, as the source gives it. */
const partialIsoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

/** A public source a framework fact rests on: who published it, its title, when, and where. */
export const CitationSchema = z.strictObject({
  publisher: z.string().min(1),
  title: z.string().min(1),
  /** Null when the source itself carries no date; `dateNote` then says what is known. */
  date: partialIsoDate.nullable(),
  dateNote: z.string().min(1).optional(),
  url: z.string().url(),
});
export type Citation = z.infer<typeof CitationSchema>;

/**
 * What a framework fact rests on: a citation (by its key in `citations`, with the words relied
 * on), or an explicit statement that it is unconfirmed and why. Every fact added since the
 * frameworks were first written carries one of the two, so nothing passes as published that is not.
 */
export const BasisSchema = z.union([
  z.strictObject({ source: id, quote: z.string().min(1).optional(), note: z.string().min(1).optional() }),
  z.strictObject({ unconfirmed: z.string().min(1) }),
]);
export type Basis = z.infer<typeof BasisSchema>;

export const KeyQuestionSchema = z.strictObject({
  id,
  text: z.string().min(1),
  wording,
});

/**
 * A Welsh name beside an English one, for the public pages in Welsh. Optional in the schema (a
 * framework being drafted need not have them yet); every framework file the register ships has
 * them, which a unit test checks. docs/welsh.md lists which still need a translator's review.
 */
const welshName = z.string().min(1).optional();

export const StandardSchema = z.strictObject({
  id,
  name: z.string().min(1),
  nameCy: welshName,
  aliases: z.array(z.string().min(1)).default([]),
  statement: z.string().min(1).nullable(),
  wording,
  method: z.enum(['case_lowest_key_question', 'judgement']),
  countsToScore: z.boolean(),
  /** For case-based standards, the case type whose answers count. */
  caseType: id.nullable(),
  /** A judgement standard that cannot be rated without cases of this type (resettlement). */
  requiresCasesOfType: id.optional(),
  /** Optional standards (legacy FJI areas) need not be rated in every inspection. */
  optional: z.boolean().default(false),
  keyQuestions: z.array(KeyQuestionSchema),
  notes: z.string().optional(),
  /** What the standard's existence and name rest on, where that was settled from a source. */
  basis: BasisSchema.optional(),
});

const ratingRef = id;

export const ScoringSchema = z.strictObject({
  points: z.record(z.string(), z.number().int().min(0)).nullable(),
  caseBands: z
    .array(
      z.strictObject({
        atLeastPercent: z.number().min(0).max(100),
        rating: ratingRef,
        descriptor: z.string().optional(),
      }),
    )
    .min(1),
  roundBeforeBanding: z.boolean(),
  /**
   * How a key question's share of cases is shown, by the same rule as banding: where banding uses
   * the exact share, to `decimals` places cut down, never rounded up (so 79.96% shows as 79.9%, not
   * as an 80.0% the band does not give); where banding rounds to a whole number first, that number.
   */
  percentShown: z.strictObject({ decimals: z.number().int().min(0).max(2), basis: BasisSchema }),
  maxOverrideSteps: z.number().int().min(0),
  overall: z.strictObject({
    method: z.enum(['score_bands', 'judgement']),
    bands: z.array(z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0), rating: ratingRef })),
    whenScoredStandardNotRated: z.enum(['panel_decision']),
    /**
     * Where the overall rating is the panel's judgement: the ratings it must stay within, as far
     * as they are known. A decision outside them is refused.
     */
    judgementBounds: z
      .strictObject({
        noBetterThanBestStandard: z.boolean(),
        noWorseThanWorstStandard: z.boolean(),
        basis: BasisSchema,
      })
      .optional(),
  }),
  /** Hook for limiting rules such as "not Outstanding if any standard is Inadequate". None are confirmed for youth. */
  caps: z.array(
    z.strictObject({
      ifAnyStandardRated: ratingRef,
      overallAtMost: ratingRef,
      note: z.string().optional(),
    }),
  ),
});

/**
 * How a sample of one case type is drawn from the service's case list: its size by the number of
 * eligible cases (the caseload), the fields it is stratified by (the disposal type first), and the
 * fewest cases each stratum present in the caseload gets. The draw itself is `domain/case-sample.ts`.
 */
export const SampleRuleSchema = z.strictObject({
  /** The case type the drawn cases are assessed as. */
  caseType: id,
  /** Rows in caseload order: the first whose `caseloadUpTo` is at least the caseload gives the size. */
  sizeByCaseload: z
    .array(
      z.strictObject({
        /** Null on the last row: any larger caseload. */
        caseloadUpTo: z.number().int().min(1).nullable(),
        /** "all": every eligible case is inspected. */
        size: z.union([z.number().int().min(1), z.literal('all')]),
      }),
    )
    .min(1),
  /** The case list's stratification columns, each with the values it may take. */
  stratifyBy: z
    .array(
      z.strictObject({
        field: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case column name'),
        label: z.string().min(1),
        values: z.array(z.strictObject({ id, label: z.string().min(1) })).min(2),
      }),
    )
    .min(1),
  minPerStratum: z.number().int().min(0),
  basis: BasisSchema,
});
export type SampleRule = z.infer<typeof SampleRuleSchema>;

export const FrameworkSchema = z.strictObject({
  id,
  version: z.string().min(1),
  name: z.string().min(1),
  nameCy: welshName,
  inspectorate: z.string().min(1),
  family: id,
  ratingScale: z.array(z.strictObject({ id, label: z.string().min(1), labelCy: welshName })).min(2),
  caseTypes: z.array(z.strictObject({ id, label: z.string().min(1) })),
  ageRange: z.string().optional(),
  effective: z.strictObject({
    fieldworkFrom: isoDate,
    fieldworkTo: isoDate.nullable(),
    publishedFrom: isoDate,
    publishedTo: isoDate.nullable(),
  }),
  domains: z
    .array(
      z.strictObject({ id, name: z.string().min(1), nameCy: welshName, standards: z.array(StandardSchema).min(1) }),
    )
    .min(1),
  scoring: ScoringSchema.nullable(),
  /**
   * Sample sizes by case type, as published over time: each version applies to inspections whose
   * fieldwork starts on or after `from`, until the next. A case-based standard with fewer cases
   * than the minimum in force is not rated from the cases alone (the panel judges it).
   */
  sampling: z
    .array(
      z.strictObject({
        from: isoDate,
        fromBasis: BasisSchema,
        caseTypes: z.record(
          id,
          z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1).nullable() }),
        ),
        basis: BasisSchema,
        /** How the sample is drawn from the service's case list, where the framework says (see SampleRuleSchema). */
        draw: SampleRuleSchema.optional(),
      }),
    )
    .default([]),
  /** Which kind of inspection this framework is, when a family runs more than one at once. */
  kind: z
    .strictObject({
      id,
      name: z.string().min(1),
      /** How reports of this kind are titled; a record's title starting with one settles the kind. */
      titlePrefixes: z.array(z.string().min(1)).min(1),
      /** What the kind rates and what it considers without rating, in the inspectorate's words. */
      rates: z.string().min(1),
      basis: BasisSchema,
    })
    .optional(),
  /** The rating scale's own basis, where it was settled from a source. */
  ratingScaleBasis: BasisSchema.optional(),
  /**
   * Published variants of the method (e.g. smaller services inspected without domain ratings). An
   * inspection run under a variant (RateInput.variant) is rated as its `rates` says: the standards
   * of the domains it lists, a score and an overall rating only where it says so. A variant without
   * `rates` is recorded only: the engine refuses to rate under it.
   */
  variants: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1),
        description: z.string().min(1),
        basis: BasisSchema,
        rates: z
          .strictObject({
            /** Ids of the domains whose standards are rated; the others' are not rated. */
            domains: z.array(id),
            score: z.boolean(),
            overall: z.boolean(),
            basis: BasisSchema,
          })
          .optional(),
      }),
    )
    .default([]),
  citations: z.record(id, CitationSchema).default({}),
  unknowns: z.array(z.strictObject({ field: z.string().min(1), note: z.string().min(1) })),
  sources: z.array(z.string().url()),
});

export type Framework = z.infer<typeof FrameworkSchema>;
export type Standard = z.infer<typeof StandardSchema>;
export type KeyQuestion = z.infer<typeof KeyQuestionSchema>;
export type Scoring = z.infer<typeof ScoringSchema>;
export type RatingId = string;

export type SampleSize = { min: number; max: number | null };

/**
 * The sample sizes in force for an inspection whose fieldwork starts on `date` (YYYY-MM-DD): the
 * latest version from on or before it. Without a date, the latest version (the figures in force
 * for an inspection being carried out now). Null when the framework publishes none that applies.
 */
export function samplingFor(f: Framework, date?: string | null): Framework['sampling'][number] | null {
  let found: Framework['sampling'][number] | null = null;
  for (const v of f.sampling) if (!date || v.from <= date) found = v;
  return found;
}

export function standardsOf(f: Framework): Standard[] {
  return f.domains.flatMap((d) => d.standards);
}

/**
 * Each standard's name as a reader would tell it apart: a name that more than one domain uses gets its
 * domain after it ("Assessment (court disposals)", "Assessment (out-of-court disposals)"), the way
 * reports and the claims checker name them; a name used once stays as it is.
 */
export function distinctStandardNames(f: Framework): Map<string, string> {
  const uses = new Map<string, number>();
  for (const s of standardsOf(f)) uses.set(s.name, (uses.get(s.name) ?? 0) + 1);
  return new Map(
    f.domains.flatMap((d) =>
      d.standards.map((s) => [s.id, uses.get(s.name)! > 1 ? `${s.name} (${d.name.toLowerCase()})` : s.name] as const),
    ),
  );
}

export function scoredStandards(f: Framework): Standard[] {
  return standardsOf(f).filter((s) => s.countsToScore);
}

/** Maximum score, e.g. 36 for 12 scored standards at 3 points. Null when the framework has no score. */
export function maxScore(f: Framework): number | null {
  const points = f.scoring?.points;
  if (!points) return null;
  const top = Math.max(...Object.values(points));
  return scoredStandards(f).length * top;
}

/** Rank 0 is the best rating of the scale. -1 when the rating is not on the scale. */
export function rankOf(f: Framework, rating: RatingId): number {
  return f.ratingScale.findIndex((r) => r.id === rating);
}

export function labelOf(f: Framework, rating: RatingId): string {
  return f.ratingScale.find((r) => r.id === rating)?.label ?? rating;
}

/** Checks shape (Zod) and then the cross-field rules a schema cannot express. */
export function validateFramework(raw: unknown): Result<Framework> {
  const parsed = FrameworkSchema.safeParse(raw);
  if (!parsed.success) return fail(problemsFromZod(parsed.error.issues));
  const f = parsed.data;
  const problems: Problem[] = [];
  const scale = new Set(f.ratingScale.map((r) => r.id));
  const caseTypes = new Set(f.caseTypes.map((c) => c.id));
  const seen = new Set<string>();
  const dup = (path: string, value: string) => {
    if (seen.has(value)) problems.push({ path, message: `id "${value}" is used more than once` });
    seen.add(value);
  };
  if (new Set(f.ratingScale.map((r) => r.id)).size !== f.ratingScale.length) {
    problems.push({ path: 'ratingScale', message: 'rating ids must be unique' });
  }

  f.domains.forEach((d, di) => {
    d.standards.forEach((s, si) => {
      const p = `domains.${di}.standards.${si}`;
      dup(`${p}.id`, s.id);
      if (s.method === 'case_lowest_key_question') {
        if (!s.caseType)
          problems.push({ path: `${p}.caseType`, message: 'a case-based standard must name the case type it rates' });
        if (s.keyQuestions.length === 0)
          problems.push({
            path: `${p}.keyQuestions`,
            message: 'a case-based standard needs at least one key question',
          });
        if (!f.scoring) problems.push({ path: `${p}.method`, message: 'case-based rating needs scoring.caseBands' });
      }
      if (s.caseType && !caseTypes.has(s.caseType)) {
        problems.push({ path: `${p}.caseType`, message: `case type "${s.caseType}" is not in caseTypes` });
      }
      if (s.requiresCasesOfType && !caseTypes.has(s.requiresCasesOfType)) {
        problems.push({
          path: `${p}.requiresCasesOfType`,
          message: `case type "${s.requiresCasesOfType}" is not in caseTypes`,
        });
      }
      if (s.countsToScore && !f.scoring?.points) {
        problems.push({ path: `${p}.countsToScore`, message: 'a scored standard needs scoring.points' });
      }
      s.keyQuestions.forEach((kq, ki) => {
        dup(`${p}.keyQuestions.${ki}.id`, kq.id);
        if (!kq.id.startsWith(`${s.id}.`)) {
          problems.push({
            path: `${p}.keyQuestions.${ki}.id`,
            message: `key question "${kq.id}" should start with its standard id "${s.id}."`,
          });
        }
      });
    });
  });

  const cites = (path: string, b: Basis | undefined) => {
    if (b && 'source' in b && !Object.hasOwn(f.citations, b.source))
      problems.push({ path: `${path}.source`, message: `"${b.source}" is not in citations` });
  };
  f.sampling.forEach((v, i) => {
    const p = `sampling.${i}`;
    cites(`${p}.fromBasis`, v.fromBasis);
    cites(`${p}.basis`, v.basis);
    if (i > 0 && v.from <= f.sampling[i - 1]!.from)
      problems.push({ path: `${p}.from`, message: 'sampling versions must be listed from the earliest date on' });
    if (v.draw) {
      const d = v.draw;
      cites(`${p}.draw.basis`, d.basis);
      if (!caseTypes.has(d.caseType))
        problems.push({ path: `${p}.draw.caseType`, message: `case type "${d.caseType}" is not in caseTypes` });
      d.sizeByCaseload.forEach((r, ri) => {
        const last = ri === d.sizeByCaseload.length - 1;
        if ((r.caseloadUpTo === null) !== last)
          problems.push({
            path: `${p}.draw.sizeByCaseload.${ri}.caseloadUpTo`,
            message: 'only the last row is open-ended (null), and it must be',
          });
        const prev = d.sizeByCaseload[ri - 1]?.caseloadUpTo;
        if (prev != null && r.caseloadUpTo !== null && r.caseloadUpTo <= prev)
          problems.push({
            path: `${p}.draw.sizeByCaseload.${ri}.caseloadUpTo`,
            message: 'caseload rows must rise',
          });
      });
      const fields = d.stratifyBy.map((x) => x.field);
      if (new Set(fields).size !== fields.length)
        problems.push({ path: `${p}.draw.stratifyBy`, message: 'a field is listed more than once' });
    }
    for (const [type, size] of Object.entries(v.caseTypes)) {
      if (!caseTypes.has(type))
        problems.push({ path: `${p}.caseTypes.${type}`, message: `case type "${type}" is not in caseTypes` });
      if (size.max !== null && size.max < size.min)
        problems.push({ path: `${p}.caseTypes.${type}.max`, message: 'the maximum is below the minimum' });
    }
  });
  f.domains.forEach((d, di) => d.standards.forEach((s, si) => cites(`domains.${di}.standards.${si}.basis`, s.basis)));
  cites('kind.basis', f.kind?.basis);
  cites('ratingScaleBasis', f.ratingScaleBasis);
  f.variants.forEach((v, i) => {
    cites(`variants.${i}.basis`, v.basis);
    if (!v.rates) return;
    cites(`variants.${i}.rates.basis`, v.rates.basis);
    const domainIds = new Set(f.domains.map((d) => d.id));
    v.rates.domains.forEach((d, di) => {
      if (!domainIds.has(d))
        problems.push({ path: `variants.${i}.rates.domains.${di}`, message: `domain "${d}" is not in domains` });
    });
    if (v.rates.overall && !f.scoring)
      problems.push({ path: `variants.${i}.rates.overall`, message: 'the framework gives no overall rating' });
  });
  cites('scoring.overall.judgementBounds.basis', f.scoring?.overall.judgementBounds?.basis);
  cites('scoring.percentShown.basis', f.scoring?.percentShown.basis);
  if (f.scoring?.roundBeforeBanding && f.scoring.percentShown.decimals !== 0)
    problems.push({
      path: 'scoring.percentShown.decimals',
      message: 'banding rounds to a whole number first, so the share must be shown as that whole number (0 decimals)',
    });
  // A band edge with more places than are shown could fall between two shown figures.
  f.scoring?.caseBands.forEach((b, i) => {
    const places = f.scoring!.percentShown.decimals;
    if (Math.abs(b.atLeastPercent * 10 ** places - Math.round(b.atLeastPercent * 10 ** places)) > 1e-9)
      problems.push({
        path: `scoring.caseBands.${i}.atLeastPercent`,
        message: `a band edge must be shown exactly: ${b.atLeastPercent} has more than ${places} decimal places`,
      });
  });
  if (f.scoring?.overall.judgementBounds && f.scoring.overall.method !== 'judgement')
    problems.push({
      path: 'scoring.overall.judgementBounds',
      message: 'bounds apply only where the overall rating is a judgement',
    });

  const sc = f.scoring;
  if (sc) {
    if (sc.points) {
      for (const r of f.ratingScale) {
        if (!(r.id in sc.points))
          problems.push({ path: `scoring.points.${r.id}`, message: `no points given for rating "${r.id}"` });
      }
      for (const k of Object.keys(sc.points)) {
        if (!scale.has(k))
          problems.push({ path: `scoring.points.${k}`, message: `"${k}" is not a rating on the scale` });
      }
    }
    sc.caseBands.forEach((b, i) => {
      if (!scale.has(b.rating))
        problems.push({ path: `scoring.caseBands.${i}.rating`, message: `"${b.rating}" is not a rating on the scale` });
      if (i > 0 && b.atLeastPercent >= sc.caseBands[i - 1]!.atLeastPercent) {
        problems.push({
          path: `scoring.caseBands.${i}.atLeastPercent`,
          message: 'bands must be listed from the highest threshold down',
        });
      }
    });
    if (sc.caseBands.at(-1)!.atLeastPercent !== 0) {
      problems.push({
        path: `scoring.caseBands.${sc.caseBands.length - 1}.atLeastPercent`,
        message: 'the lowest band must start at 0 so every percentage has a rating',
      });
    }
    sc.caps.forEach((c, i) => {
      if (!scale.has(c.ifAnyStandardRated))
        problems.push({
          path: `scoring.caps.${i}.ifAnyStandardRated`,
          message: `"${c.ifAnyStandardRated}" is not a rating on the scale`,
        });
      if (!scale.has(c.overallAtMost))
        problems.push({
          path: `scoring.caps.${i}.overallAtMost`,
          message: `"${c.overallAtMost}" is not a rating on the scale`,
        });
    });
    if (sc.overall.method === 'score_bands') {
      const max = maxScore(f);
      if (max === null) {
        problems.push({
          path: 'scoring.overall.method',
          message: 'score_bands needs scoring.points and at least one scored standard',
        });
      } else {
        // Bands must tile 0..max exactly, so every possible score has one overall rating.
        const sorted = [...sc.overall.bands].sort((a, b) => a.from - b.from);
        let next = 0;
        sorted.forEach((b) => {
          const i = sc.overall.bands.indexOf(b);
          if (!scale.has(b.rating))
            problems.push({
              path: `scoring.overall.bands.${i}.rating`,
              message: `"${b.rating}" is not a rating on the scale`,
            });
          if (b.from !== next)
            problems.push({
              path: `scoring.overall.bands.${i}.from`,
              message: `expected a band starting at ${next}, found ${b.from}`,
            });
          if (b.to < b.from) problems.push({ path: `scoring.overall.bands.${i}.to`, message: '"to" is below "from"' });
          next = b.to + 1;
        });
        if (next !== max + 1)
          problems.push({
            path: 'scoring.overall.bands',
            message: `bands must cover every score from 0 to ${max}; they end at ${next - 1}`,
          });
      }
    }
  }
  return problems.length ? fail(problems) : ok(f);
}

/** Lower-case, collapse spaces and punctuation, so "Governance & Leadership" finds "governance and leadership". */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[_]/g, ' ')
    .replace(/[‘’'"]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Finds the one standard a published name refers to; undefined if none or more than one match. */
export function findStandardByName(f: Framework, name: string): Standard | undefined {
  const n = normaliseName(name);
  const matches = standardsOf(f).filter(
    (s) => normaliseName(s.name) === n || s.id === name.trim() || s.aliases.some((a) => normaliseName(a) === n),
  );
  const unique = [...new Map(matches.map((s) => [s.id, s])).values()];
  return unique.length === 1 ? unique[0] : undefined;
}
