import { z } from 'zod';
import { RECORD_KINDS } from '../domain/inspection-record.ts';
import { isValidIsoDate } from '../domain/partial-date.ts';
import { multi } from '../web/query.ts';
import { Slug } from '../web/validation.ts';

/**
 * One set of Zod schemas for the open data API: they type the handlers, validate the query
 * strings, and generate the OpenAPI 3.1 document (z.toJSONSchema). Tests validate real responses
 * against the response schemas, so the document cannot drift from what the API returns.
 */

const isoDate = z.string().refine(isValidIsoDate, 'must be a real date in the form YYYY-MM-DD');
export const RatingId = z.string().meta({
  description:
    'Rating id on the framework’s scale, e.g. outstanding, good, requires_improvement, inadequate; ' +
    'legacy: good, satisfactory, unsatisfactory, poor',
});

export const PartialDateOut = z
  .object({
    value: z.string().meta({
      description:
        'YYYY-MM-DD, YYYY-MM or YYYY, as precise as the source; for precision range, the ISO 8601 interval ' +
        'YYYY-MM-DD/YYYY-MM-DD (not before / not after)',
      examples: ['2025-01-07', '2018-08-01/2018-12-04'],
    }),
    precision: z.enum(['day', 'month', 'year', 'range']).meta({
      description:
        'How precisely the date is known: to the day, month or year, or range: known only to be not before ' +
        'earliest and not after latest, each bound from a public source the record cites',
    }),
    earliest: z.string().meta({
      description: 'The earliest day the date can be (YYYY-MM-DD); for a range, its not-before bound',
      format: 'date',
    }),
    latest: z.string().meta({
      description:
        'The latest day the date can be (YYYY-MM-DD); for a range, its not-after bound. "As at" answers count ' +
        'the record as certain from this day, and as possible from earliest',
      format: 'date',
    }),
  })
  .meta({ id: 'PartialDate' });

/** A date parameter: a real calendar date, YYYY-MM-DD. */
const dateParam = (description: string, example: string) =>
  isoDate.optional().meta({ description, format: 'date', examples: [example] });

/**
 * Paging and "as at", the same on every list and answer that takes them, so the document says one
 * thing about each.
 */
const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(500)
  .default(100)
  .meta({ description: 'How many items a page holds (1 to 500; default 100)', examples: [50] });
const cursor = z
  .string()
  .max(200)
  .optional()
  .meta({
    description:
      'Opaque cursor for the next page: follow links.next of the previous page rather than building it. ' +
      'A cursor this API did not issue is refused (400, invalid_cursor).',
    examples: ['eyJrIjoiYnJvbWxleS0yMDI1In0'],
  });
const asAt = dateParam(
  'The register as it stood on this date (inclusive): only what was certainly published by then. ' +
    'Default today (UK time); a date after today is refused (400, invalid_query).',
  '2025-01-07',
);
const nation = multi
  .pipe(z.array(z.enum(['England', 'Wales'])))
  .meta({ description: 'England or Wales; both, comma-separated or repeated' });

export const InspectionsQuery = z.object({
  service: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Service slug', examples: ['bromley'] }),
  region: multi.meta({ description: 'Region name(s), comma-separated or repeated', examples: [['London']] }),
  nation,
  framework: multi.meta({
    description: 'Framework id(s), comma-separated or repeated',
    examples: [['hmip-youth-2021']],
  }),
  rating: multi.meta({
    description: 'Overall rating id(s), comma-separated or repeated',
    examples: [['outstanding', 'good']],
  }),
  publishedFrom: dateParam('Certainly published on or after this date', '2024-01-01'),
  publishedTo: dateParam('Certainly published on or before this date', '2024-12-31'),
  asAt,
  limit,
  cursor,
});

export const ServicesQuery = z.object({
  region: multi.meta({ description: 'Region name(s), comma-separated or repeated', examples: [['Wales']] }),
  nation,
  q: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Part of the service’s current name (case-insensitive)', examples: ['brom'] }),
  limit,
  cursor,
});

export const StatisticsQuery = z.object({ asAt, limit, cursor });

/**
 * Path parameters. Framework ids, references and slugs are words and hyphens; anything else names
 * nothing, and a failed parameter is answered as not found (404), like an unknown one.
 */
const key = (description: string) => Slug.meta({ description });
export const FrameworkParams = z.object({ id: key('Framework id, e.g. hmip-youth-2021') });
export const InspectionParams = z.object({ ref: key('Inspection reference, e.g. bromley-2025') });
export const ServiceParams = z.object({ slug: key('Service slug, e.g. bromley') });

/** A public source: publisher, title, date and address (inline wherever it is used). */
const SourceOut = z.object({
  publisher: z.string(),
  title: z.string().nullable().meta({ description: 'Null where the source’s own title is not known' }),
  date: z.string().nullable().meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it' }),
  url: z.string(),
});

export const StandardRatingOut = z
  .object({
    standardId: z.string(),
    name: z.string(),
    rating: RatingId.nullable(),
    status: z.enum(['rated', 'not_rated']),
    source: z.enum(['computed', 'judged', 'published']).meta({
      description:
        'computed by the engine from cases, judged by the ratings panel, or published (taken from a published source)',
    }),
    countsToScore: z.boolean(),
    keyQuestions: z.array(z.object({ id: z.string(), percent: z.number().nullable() })).nullable(),
    panelDecision: z
      .object({
        kind: z.enum(['judgement', 'override']),
        computedRating: RatingId.nullable().meta({
          description: 'For an override, the rating computed from the case answers that the panel overrode',
        }),
        rationale: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'Where the ratings panel decided the rating (source judged): how, and why' }),
    publicSource: SourceOut.nullable().meta({
      description: 'Where the rating was taken from a published source the register names: that source',
    }),
  })
  .meta({ id: 'StandardRating' });

export const InspectionSummaryOut = z
  .object({
    ref: z.string(),
    url: z.string(),
    service: z.object({ slug: z.string(), name: z.string(), region: z.string(), nation: z.string() }),
    framework: z.object({ id: z.string(), version: z.string() }),
    title: z.string().nullable(),
    fieldwork: z.string().nullable(),
    publication: PartialDateOut.nullable(),
    publishedAt: z.string().meta({
      description:
        'When the record became public in this register (ISO 8601, UTC): for an inspection published through ' +
        'the register, the instant of publication; for a record added from public sources, the time it was ' +
        'added, which for an undated record is not its publication date. When the report itself was published ' +
        'is `publication`, as precisely as it is known (null when not known).',
    }),
    overallRating: RatingId.nullable(),
    score: z.number().int().nullable(),
    scoreMax: z.number().int().nullable(),
  })
  .meta({ id: 'InspectionSummary' });

export const PressReleaseOut = z
  .object({
    headline: z.string(),
    body: z.string().meta({ description: 'Plain text: paragraphs separated by a blank line' }),
    url: z.string().meta({ description: 'The release’s public page' }),
  })
  .meta({
    id: 'PressRelease',
    description: 'The press release, public from the same instant as the report',
  });

export const InspectionDetailOut = InspectionSummaryOut.extend({
  localAuthorities: z.array(z.object({ name: z.string(), onsCode: z.string().nullable() })),
  overallRationale: z
    .string()
    .nullable()
    .meta({ description: 'The ratings panel’s rationale, where it decided the overall rating' }),
  standards: z.array(StandardRatingOut),
  recommendations: z.array(
    z.object({
      addressee: z.string(),
      addresseeName: z.string().nullable(),
      addressedTo: z.string().meta({
        description:
          'The body the recommendation is for, by its real name (the name recorded; else the service, or the ' +
          'Probation Service, where the code names one body; else, in older records, the kind of body)',
        example: 'Bromley YJS management board',
      }),
      text: z.string(),
    }),
  ),
  recommendationsStated: z.number().int().nullable(),
  findings: z.array(
    z.object({ standardId: z.string().nullable(), kind: z.enum(['strength', 'improvement']), text: z.string() }),
  ),
  corrections: z.array(z.object({ note: z.string(), at: z.string() })),
  chiefInspector: z.string().nullable(),
  pressRelease: PressReleaseOut.nullable().meta({
    description: 'Null where the register holds no press release for the inspection',
  }),
  kind: z.enum(RECORD_KINDS).meta({
    description:
      'single (HMIP alone), joint (with other inspectorates), pilot or thematic; pilot and thematic ' +
      'ratings are never counted as a service’s rating',
  }),
  partnerInspectorates: z.array(z.string()).meta({ description: 'The other inspectorates of a joint inspection' }),
  sources: z.array(z.string()).meta({ description: 'Source addresses (each described in sourceDetails)' }),
  overallSource: SourceOut.nullable().meta({
    description: 'The public source of the overall rating, where it is not the inspection’s main source (sources[0])',
  }),
  sourceDetails: z.array(SourceOut).meta({ description: 'Each source: publisher, title, date and address' }),
}).meta({ id: 'InspectionDetail' });

export const ServiceOut = z
  .object({
    slug: z.string(),
    name: z.string(),
    formerNames: z.array(z.string()),
    region: z.string(),
    nation: z.string(),
    localAuthorities: z.array(z.object({ name: z.string(), onsCode: z.string().nullable() })),
    latest: InspectionSummaryOut.nullable(),
  })
  .meta({ id: 'Service' });

export const FrameworkOut = z
  .object({
    id: z.string(),
    version: z.string(),
    name: z.string(),
    effective: z.object({ fieldworkFrom: z.string(), fieldworkTo: z.string().nullable() }),
    ratingScale: z.array(z.object({ id: z.string(), label: z.string() })),
    maxScore: z.number().int().nullable(),
    standards: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        method: z.string(),
        countsToScore: z.boolean(),
        keyQuestions: z.array(z.object({ id: z.string(), text: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Framework' });

export const StatisticsOut = z
  .object({
    asAt: z.string(),
    services: z.number().int(),
    national: z.record(z.string(), z.number().int()),
    byNation: z.array(
      z.object({ nation: z.string(), counts: z.record(z.string(), z.number().int()), total: z.number().int() }),
    ),
    byRegion: z.array(
      z.object({
        region: z.string(),
        nation: z.string(),
        counts: z.record(z.string(), z.number().int()),
        total: z.number().int(),
        range: z.record(z.string(), z.object({ min: z.number().int(), max: z.number().int() })).meta({
          description:
            'What each count of the region could be, given what the register does not know (as nationalRange); ' +
            'the services that make the difference are among couldChange',
        }),
      }),
    ),
    basis: z.object({
      counted: z.array(z.string()).meta({
        description: 'References of the inspections counted (one per service): this page of them (limit, cursor)',
      }),
      uncertain: z.array(z.string()).meta({
        description:
          'Newer inspections, dated only to a month or year around asAt, that may be a service’s latest: ' +
          'this page of them',
      }),
      undated: z.number().int(),
    }),
    nationalRange: z.record(z.string(), z.object({ min: z.number().int(), max: z.number().int() })).meta({
      description:
        'What each national count could be, given what the register does not know: services whose latest ' +
        'inspection is dated only to a month or year around asAt, or has no date, and services of the directory ' +
        'with no inspection known to be published by then. `counts` are the certain ones.',
    }),
    couldChange: z
      .array(
        z.object({
          service: z.string(),
          reason: z.enum(['date-straddles', 'undated', 'no-record']),
          candidates: z.array(z.string()).meta({ description: 'Inspections that could be its latest' }),
        }),
      )
      .meta({ description: 'The services between the least and the greatest count, and why: this page of them' }),
  })
  .meta({ id: 'Statistics' });

/**
 * The statistics' counts are whole on every page; the per-service lists behind them (basis.counted,
 * basis.uncertain, couldChange) are paged together: `limit` items of each from the cursor's place.
 */
export const StatisticsPageMeta = z
  .object({
    limit: z.number().int().meta({ description: 'The most items of each list this page holds' }),
    offset: z.number().int().meta({ description: 'The place in each list this page starts at (0 first)' }),
    totals: z
      .object({ counted: z.number().int(), uncertain: z.number().int(), couldChange: z.number().int() })
      .meta({ description: 'How many items each list holds on all pages' }),
  })
  .meta({ id: 'StatisticsPageMeta' });

/** The codes an error answer may carry: stable, for programs (the message is for people). */
export const API_ERROR_CODES = [
  'invalid_query',
  'invalid_body',
  'invalid_cursor',
  'invalid_text',
  'bad_request',
  'not_found',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
] as const;

export const ErrorOut = z
  .object({
    error: z.object({
      code: z.string().meta({
        description: `Stable, for programs: ${API_ERROR_CODES.join(', ')}`,
        examples: ['invalid_query'],
      }),
      message: z.string().meta({ description: 'For people; may change' }),
      details: z
        .array(
          z.object({
            path: z.string().meta({ description: 'The parameter or field at fault' }),
            message: z.string(),
          }),
        )
        .optional()
        .meta({ description: 'Each problem with the query or body, where there are any' }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'Every error answer has this shape',
    examples: [
      {
        error: {
          code: 'invalid_query',
          message: 'The query string is not valid; see details.',
          details: [{ path: 'limit', message: 'Too big: expected number to be <=500' }],
        },
      },
    ],
  });

/** A page of a list: the items, the link to the next page (null on the last), and how many this page holds. */
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      links: z.object({
        self: z.string().meta({ description: 'This page’s address, relative to the host' }),
        next: z
          .string()
          .nullable()
          .meta({
            description: 'The next page’s address (relative, with its cursor); null on the last page',
            examples: ['/api/v1/inspections?limit=50&cursor=eyJrIjoiYnJvbWxleS0yMDI1In0'],
          }),
      }),
      meta: z.object({ count: z.number().int().meta({ description: 'How many items this page holds' }) }),
    })
    .meta({ id });
export const InspectionPage = page(InspectionSummaryOut, 'InspectionPage');
export const ServicePage = page(ServiceOut, 'ServicePage');

/** One item or a whole list, under `data`: every answer but an error has its content there. */
export const FrameworkList = z.object({ data: z.array(FrameworkOut) }).meta({ id: 'FrameworkList' });
export const FrameworkAnswer = z.object({ data: FrameworkOut }).meta({ id: 'FrameworkAnswer' });
export const ServiceAnswer = z.object({ data: ServiceOut }).meta({ id: 'ServiceAnswer' });
export const InspectionAnswer = z.object({ data: InspectionDetailOut }).meta({ id: 'InspectionAnswer' });
export const StatisticsAnswer = z
  .object({
    data: StatisticsOut,
    links: z.object({
      self: z.string().meta({ description: 'This page’s address, relative to the host' }),
      next: z
        .string()
        .nullable()
        .meta({
          description:
            'The next page of the lists (relative, with its cursor); null when no list has more. ' +
            'The counts are the same on every page.',
          examples: ['/api/v1/statistics?limit=100&cursor=eyJrIjoiMTAwIn0'],
        }),
    }),
    meta: StatisticsPageMeta,
  })
  .meta({ id: 'StatisticsAnswer' });

export const ClaimsCheckBody = z.object({
  text: z
    .string({ message: 'text is required: the press release or article to check' })
    .meta({ description: 'The press release or article to check (plain text)' }),
  asAt: isoDate.optional().meta({
    format: 'date',
    examples: ['2025-01-07'],
    description:
      'Check against the register as at this date (default: the date the text states, else the publication of ' +
      'the inspection the text is about, else today)',
  }),
});

const PublicSourceOut = z.object({
  publisher: z.string(),
  title: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string(),
});

export const DirectoryOut = z
  .object({
    data: z.array(
      z.object({
        name: z.string(),
        nameSourced: z.boolean().meta({ description: 'False where no public source gives the name: a placeholder' }),
        formerNames: z.array(z.string()),
        onsCodes: z.array(z.string()),
        nation: z.string(),
        region: z.string(),
        existedFrom: z.string().nullable().meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD; null if not sourced' }),
        existedTo: z.string().nullable(),
        endedNotBefore: z.string().nullable().meta({ description: 'A former service whose end date is not sourced' }),
        current: z.boolean(),
        source: PublicSourceOut.nullable(),
        notes: z.string().nullable(),
        register: z
          .object({
            slug: z.string(),
            name: z.string(),
            publicInspections: z.number().int(),
            latestRating: z.string().nullable(),
          })
          .nullable()
          .meta({ description: 'The register’s service for the same areas; null where it holds no record' }),
      }),
    ),
    meta: z.object({
      count: z.number().int(),
      current: z.number().int(),
      currentWithRecord: z.number().int(),
      currentWithLatestRating: z.number().int(),
    }),
  })
  .meta({ id: 'Directory' });

const CLAIM_KINDS = [
  'service',
  'overall',
  'score',
  'standard',
  'resettlement',
  'recommendations',
  'publication',
  'fieldwork',
  'chief_inspector',
  'aggregate',
  'standards_count',
  'nth_since',
  'figure',
] as const;

export const ClaimsReportOut = z
  .object({
    data: z.object({
      asAt: z.string().meta({ description: 'The date the claims were checked as at (YYYY-MM-DD)' }),
      asAtSource: z.enum(['given', 'text', 'inspection', 'today']).meta({
        description:
          'Where that date came from: given in the body, stated in the text, the inspection the text is ' +
          'about, or today',
      }),
      asAtInspection: z
        .string()
        .optional()
        .meta({ description: 'The inspection the date came from (asAtSource inspection)' }),
      verdicts: z.array(
        z.object({
          claim: z
            .looseObject({
              kind: z.enum(CLAIM_KINDS),
              start: z.number().int().meta({ description: 'Offset of the claim in the text (UTF-16 code units)' }),
              end: z.number().int(),
              sentence: z.string(),
            })
            .meta({ description: 'The claim found, where it is, and what it says (fields vary with kind)' }),
          verdict: z.enum(['supported', 'consistent', 'contradicted', 'unverifiable']),
          explanation: z.string(),
          record: z.string().nullable().meta({ description: 'The inspection reference the verdict rests on' }),
          basis: z.string().nullable().meta({ description: 'Which inspection the claim was checked against and why' }),
          correct: z.string().optional().meta({ description: 'For a contradicted claim: what the register says' }),
        }),
      ),
      omitted: z.number().int().meta({ description: 'Claims checked and counted but not listed' }),
      counts: z.object({
        supported: z.number().int(),
        consistent: z.number().int(),
        contradicted: z.number().int(),
        unverifiable: z.number().int(),
      }),
    }),
  })
  .meta({ id: 'ClaimsReport' });

export const ThematicQuery = z.object({ asAt });

/** A thematic inspection: a subject across services, with no rating; never counted in any figure. */
export const ThematicInspectionOut = z
  .object({
    ref: z.string().meta({ description: 'Stable reference, e.g. black-mixed-heritage-boys-2021' }),
    title: z.string(),
    titleKnown: z
      .boolean()
      .meta({ description: 'False where the report’s own title is not in the sources held and `title` describes it' }),
    publication: PartialDateOut,
    publisher: z.string(),
    partnerInspectorates: z
      .array(z.string())
      .meta({ description: 'The other inspectorates that took part, if it was a joint inspection' }),
    sampled: z.string().meta({ description: 'What was sampled, including what the sources do not name' }),
    visitedServices: z
      .array(z.object({ slug: z.string(), name: z.string() }))
      .meta({ description: 'The register’s services whose work was sampled, where a public source names them' }),
    sources: z.array(PublicSourceOut).min(1).meta({ description: 'The main public source first' }),
    notes: z.string().nullable(),
  })
  .meta({ id: 'ThematicInspection' });

export const ThematicList = z
  .object({
    data: z.array(ThematicInspectionOut),
    meta: z.object({
      count: z.number().int().meta({ description: 'How many thematic inspections are listed (all of them)' }),
      counted: z
        .literal(false)
        .meta({ description: 'Always false: thematic inspections never count in a service’s rating or any statistic' }),
    }),
  })
  .meta({ id: 'ThematicList' });
