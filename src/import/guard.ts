import type { ExportableRecord } from '../domain/register-format.ts';
import { areaKey } from '../domain/service-identity.ts';
import { WORKFLOW_ORIGIN, type StoredInspection } from '../store/records-repo.ts';

export const correctionsOf = (id: string) => `/workspace/inspections/${id}/corrections`;

/** Fields of a published record that, once stated, an import may not change (with their column names). */
const STATED: [keyof ExportableRecord, string][] = [
  ['title', 'title'],
  ['fieldworkText', 'fieldwork'],
  ['fieldworkStart', 'fieldwork_start'],
  ['publication', 'publication_date'],
  ['frameworkId', 'framework_id'],
  ['frameworkVersion', 'framework_version'],
  ['recommendationsStated', 'recommendations_stated'],
  ['chiefInspector', 'chief_inspector'],
  ['leadInspector', 'lead_inspector'],
  ['ratingsSummary', 'ratings_summary'],
  ['sourceUrl', 'source_url'],
  ['notes', 'notes'],
];
/** A stated value in comparable form; null when the register holds nothing for it. */
const stated = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : JSON.stringify(v));

/**
 * Why an import may not write this record over the stored one, if it may not. Inspections run in
 * the workflow are never touched by an import (their ratings, embargo and audit trail belong to
 * the workflow). A published record may gain what the register does not hold, but nothing it
 * states (its service, ratings, score, dates, framework, title, sources and notes) changes except
 * through a correction, which is public and audited, and an import never moves the moment a
 * record becomes public.
 */
export function refusal(
  stored: StoredInspection | undefined,
  prior: ExportableRecord | undefined,
  next: ExportableRecord,
): string[] {
  if (!stored) return [];
  if (stored.origin === WORKFLOW_ORIGIN) {
    const state = stored.status.replace(/_/g, ' ');
    return [
      `${stored.ref} is an inspection run in the workflow (now ${state}); imports never change it: ` +
        `work on it at /workspace/inspections/${stored.id}`,
    ];
  }
  const reasons: string[] = [];
  if (stored.publishedAt && next.publishedAt.getTime() !== stored.publishedAt.getTime()) {
    reasons.push(
      `published_at: the register has ${stored.publishedAt.toISOString()}, ` +
        `the file has ${next.publishedAt.toISOString()}; ` +
        'an import never changes when a record becomes public',
    );
  }
  if (!prior)
    return [...reasons, `${stored.ref} is in the register but not as a published record; it is left as it is`];
  const changed: string[] = [];
  if (prior.overall && prior.overall.rating !== next.overall?.rating)
    changed.push(`overall rating ${prior.overall.rating} → ${next.overall?.rating ?? 'none'}`);
  if (prior.score && (prior.score.total !== next.score?.total || prior.score.max !== next.score?.max)) {
    const to = next.score ? `${next.score.total}/${next.score.max}` : 'none';
    changed.push(`score ${prior.score.total}/${prior.score.max} → ${to}`);
  }
  const nextRatings = new Map(next.standardRatings.map((r) => [r.standardId, r]));
  for (const p of prior.standardRatings) {
    const n = nextRatings.get(p.standardId);
    if (!n || n.rating !== p.rating || n.status !== p.status)
      changed.push(`standard ${p.standardId} ${p.rating ?? 'not rated'} → ${n ? (n.rating ?? 'not rated') : 'none'}`);
  }
  // Which service the record is about: moving it would take a published rating from one service
  // and give it to another.
  if (prior.serviceSlug !== next.serviceSlug || areaKey(prior.service) !== areaKey(next.service))
    changed.push(`service ${prior.serviceSlug} → ${next.serviceSlug}`);
  // Everything else the record states: an import may fill in what the register does not hold,
  // never replace what it does.
  // A field the file leaves empty is one it does not speak to (not every source carries every field).
  for (const [field, label] of STATED) {
    const was = stated(prior[field]);
    const now = stated(next[field]);
    if (was !== null && now !== null && was !== now) changed.push(label);
  }
  if (changed.length) {
    reasons.push(
      `changes what was published for ${stored.ref} (${changed.join(', ')}); ` +
        `a published record changes only through a correction: ${correctionsOf(stored.id)}`,
    );
  }
  return reasons;
}
