import type * as vl from 'vega-lite';
import { escapeHtml } from '../view-helpers.ts';

/**
 * Vega and Vega-Lite are loaded on the first chart, not when the app starts: together they are
 * several megabytes of code that most processes (and every idle one) never run.
 */
let libraries: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
const loadVega = () => (libraries ??= Promise.all([import('vega'), import('vega-lite')]));

/** One colour per rating, as on the tags; bars get a dark outline so pale colours meet 3:1 contrast. */
export const RATING_COLOURS: Record<string, string> = {
  Outstanding: '#00703c',
  Good: '#28a197',
  'Requires improvement': '#ffdd00',
  Inadequate: '#d4351c',
  'No overall rating': '#b1b4b6',
  'No rating held': '#b1b4b6',
};

/**
 * Renders a Vega-Lite spec to an SVG string on the server (no browser, no script). The SVG is
 * labelled as an image with a title and description; the same numbers sit in a table beside it.
 */
export async function renderChart(
  id: string,
  title: string,
  description: string,
  spec: vl.TopLevelSpec,
): Promise<string> {
  const [vega, vl] = await loadVega();
  const compiled = vl.compile({
    ...spec,
    config: {
      ...(spec.config ?? {}),
      aria: false,
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 13, titleFontSize: 13, labelLimit: 220 },
      legend: { labelFontSize: 13, titleFontSize: 13, labelLimit: 220 },
    },
  } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  // The chart is one image with one text alternative; Vega's per-mark ARIA roles are removed.
  const svg = (await view.toSVG()).replace(/\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
  await view.finalize();
  return svg
    .replace(/^<svg /, `<svg role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" class="app-chart" `)
    .replace(
      /(<svg[^>]*>)/,
      `$1<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    );
}

export function colourScale(domain: string[]) {
  return { domain, range: domain.map((d) => RATING_COLOURS[d] ?? '#505a5f') };
}

/**
 * A stacked bar chart of counts by rating: one bar per row (a region, a year, a standard), one
 * segment per rating in the labels' order, coloured as the rating tags are.
 */
export function stackedBars(opts: {
  rows: { name: string; counts: readonly number[] }[];
  labels: string[];
  /** The field and title of the bars' axis, and whether the bars run across (rows down the side). */
  category: { field: string; title: string | null; type: 'nominal' | 'ordinal'; across: boolean; sort?: string[] };
  value: { field: string; title: string };
  height: number;
}): vl.TopLevelSpec {
  const { rows, labels, category, value } = opts;
  const categoryAxis = {
    field: category.field,
    type: category.type,
    title: category.title,
    ...(category.sort ? { sort: category.sort } : {}),
  };
  const valueAxis = { field: value.field, type: 'quantitative' as const, title: value.title, stack: 'zero' as const };
  return {
    width: 520,
    height: opts.height,
    data: {
      values: rows.flatMap((r) =>
        labels.map((l, i) => ({ [category.field]: r.name, rating: l, [value.field]: r.counts[i], order: i })),
      ),
    },
    mark: { type: 'bar', stroke: '#0b0c0c', strokeWidth: 1 },
    encoding: {
      ...(category.across ? { y: categoryAxis, x: valueAxis } : { x: categoryAxis, y: valueAxis }),
      color: { field: 'rating', type: 'nominal', scale: colourScale(labels), title: 'Rating' },
      order: { field: 'order', type: 'quantitative' },
    },
  } as vl.TopLevelSpec;
}
