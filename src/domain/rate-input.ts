import { z } from 'zod';
import { fail, ok, problemsFromZod, type Result } from './result.ts';

/**
 * What an inspection team records: one answer per key question per case, panel judgements
 * for judgement-rated standards, and overrides of computed ratings. The same shape is the
 * CLI's input file (see examples/) and what the web journey stores.
 */

export const AnswerSchema = z.enum(['yes', 'no', 'na'], {
  message: 'answer must be "yes", "no" or "na" (not applicable)',
});
export type Answer = z.infer<typeof AnswerSchema>;

const rationale = z.string().trim().min(1, 'a rationale is required');

export const CaseRecordSchema = z.strictObject({
  ref: z.string().trim().min(1, 'each case needs a reference'),
  type: z.string().trim().min(1, 'each case needs a type'),
  answers: z.record(z.string(), AnswerSchema),
});

export const JudgementSchema = z.strictObject({
  rating: z.string().trim().min(1),
  rationale: z.string().trim().optional(),
});

export const OverrideSchema = z.strictObject({
  rating: z.string().trim().min(1),
  rationale,
});

export const RateInputSchema = z.strictObject({
  framework: z.string().trim().min(1, 'name the framework, e.g. "hmip-youth-2021"'),
  service: z.string().optional(),
  description: z.string().optional(),
  /**
   * The day fieldwork started (YYYY-MM-DD): it decides which of the framework's published sample
   * sizes apply. Without it, the latest published sizes apply.
   */
  fieldworkStart: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'fieldworkStart must be a date in the form YYYY-MM-DD')
    .optional(),
  /**
   * A published variant of the framework's method the inspection was run under (the framework's
   * `variants`, by id), e.g. the 2018 standards' inspection of small services; absent, the full method.
   */
  variant: z.string().trim().min(1).optional(),
  cases: z.array(CaseRecordSchema).default([]),
  judgements: z.record(z.string(), JudgementSchema).default({}),
  overrides: z.record(z.string(), OverrideSchema).default({}),
  /** Only used where the framework leaves the overall rating to the panel. */
  overall: OverrideSchema.optional(),
});

export type CaseRecord = z.infer<typeof CaseRecordSchema>;
export type RateInput = z.infer<typeof RateInputSchema>;

export function parseRateInput(raw: unknown): Result<RateInput> {
  const r = RateInputSchema.safeParse(raw);
  if (!r.success) return fail(problemsFromZod(r.error.issues));
  const refs = new Set<string>();
  for (const [i, c] of r.data.cases.entries()) {
    if (refs.has(c.ref))
      return fail([{ path: `cases.${i}.ref`, message: `case reference "${c.ref}" appears more than once` }]);
    refs.add(c.ref);
  }
  return ok(r.data);
}

/**
 * What the ratings panel records: a judgement where no computed rating exists, an override of one, or the
 * overall rating.
 */
export const PANEL_DECISION_KINDS = ['judgement', 'override', 'overall'] as const;
export type PanelDecisionKind = (typeof PANEL_DECISION_KINDS)[number];
