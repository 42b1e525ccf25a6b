import { labelOf, type Framework } from '../domain/framework.ts';
import type { InspectionRating } from '../domain/engine.ts';

/** A plain-text table for people at a terminal. */
export function formatRatingTable(f: Framework, r: InspectionRating): string {
  const rows = r.standards.map((s) => [
    s.standardId,
    s.name,
    s.rating ? labelOf(f, s.rating) : s.status === 'not_rated' ? 'Not rated' : 'Awaiting judgement',
    s.points === null ? (s.countsToScore ? '' : 'not scored') : String(s.points),
    s.reason,
  ]);
  const head = ['Standard', 'Name', 'Rating', 'Points', 'Why'];
  const widths = head.map((h, i) =>
    Math.min(i === 4 ? 200 : 44, Math.max(h.length, ...rows.map((row) => row[i]!.length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `${f.name} (${f.id} ${f.version})`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ];
  if (r.score) out.push(`Score: ${r.score.total}/${r.score.max}`);
  const overall = r.overall.rating ? labelOf(f, r.overall.rating) : r.overall.status.replace(/_/g, ' ');
  out.push(`Overall: ${overall} (${r.overall.reason})`);
  return out.join('\n');
}
