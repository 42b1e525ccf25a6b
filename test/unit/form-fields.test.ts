import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { nunjucksEnvironment } from '../../src/web/app.ts';

/**
 * The DOM a fragment of markup makes, whitespace aside: each element with its attributes in order
 * of name, and the text between them with runs of white space made one space.
 */
function dom(html: string): string {
  const $ = cheerio.load(html, null, false);
  const out: string[] = [];
  const walk = (nodes: ReturnType<typeof $>) =>
    nodes.contents().each((_, n) => {
      if (n.type === 'text') {
        const t = n.data.replace(/\s+/g, ' ').trim();
        if (t) out.push(t);
      } else if (n.type === 'tag') {
        const attrs = Object.entries(n.attribs)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}="${v}"`);
        out.push(`<${[n.name, ...attrs].join(' ')}>`);
        walk($(n));
        out.push(`</${n.name}>`);
      }
    });
  walk($.root());
  return out.join('\n');
}

const env = nunjucksEnvironment();
const both = (govuk: string, app: string, params: Record<string, unknown>) => {
  const imports =
    '{% from "govuk/components/select/macro.njk" import govukSelect %}' +
    '{% from "govuk/components/textarea/macro.njk" import govukTextarea %}' +
    '{% from "govuk/components/button/macro.njk" import govukButton %}' +
    '{% from "macros/form-fields.njk" import appSelect, appTextarea, appButton %}';
  return {
    govuk: dom(env.renderString(`${imports}{{ ${govuk}(params) }}`, { params })),
    app: dom(env.renderString(`${imports}{{ ${app}(params) }}`, { params })),
  };
};

// Text with every character autoescaping changes, so a difference in escaping shows.
const awkward = `Tom & "Jerry" <b>'s</b> \\ done`;
const items = [
  { value: '', text: 'Not yet judged' },
  { value: 'good', text: 'Good', selected: true },
  { value: 'poor', text: awkward, selected: false },
];

describe('the repeated-form macros write what the GOV.UK macros write', () => {
  const selects: Record<string, Record<string, unknown>> = {
    plain: { id: 'std-1-1-rating', name: 'rating', label: { text: 'Rating for 1.1' }, items },
    'with a hint': {
      id: 'std-1-2-rating',
      name: 'rating',
      label: { text: 'Overridden rating for 1.2' },
      hint: { text: `HMIP ${awkward} allows at most 1 band.` },
      items,
    },
    'with an error': {
      id: 'std-1-3-rating',
      name: 'rating',
      label: { text: awkward },
      items,
      errorMessage: { text: `Choose ${awkward}` },
    },
    'with a hint and an error': {
      id: 'overall-rating',
      name: 'rating',
      label: { text: 'Overall rating' },
      hint: { text: 'A hint' },
      items: items.map((i) => ({ ...i, selected: false })),
      errorMessage: { text: 'An error' },
    },
  };
  for (const [name, params] of Object.entries(selects))
    it(`select, ${name}`, () => {
      const { govuk, app } = both('govukSelect', 'appSelect', params);
      expect(app).toBe(govuk);
    });

  const textareas: Record<string, Record<string, unknown>> = {
    plain: { id: 'std-1-1-rationale', name: 'rationale', rows: 2, label: { text: 'Rationale' }, value: awkward },
    empty: { id: 'std-1-1-rationale', name: 'rationale', rows: 3, label: { text: 'Rationale (required)' }, value: '' },
    'with an error': {
      id: 'std-1-2-rationale',
      name: 'rationale',
      rows: 2,
      label: { text: 'Rationale (required for an override)' },
      value: '',
      errorMessage: { text: awkward },
    },
  };
  for (const [name, params] of Object.entries(textareas))
    it(`textarea, ${name}`, () => {
      const { govuk, app } = both('govukTextarea', 'appTextarea', params);
      expect(app).toBe(govuk);
    });

  it('button', () => {
    for (const params of [{ text: 'Save 1.1', classes: 'govuk-button--secondary' }, { text: awkward }]) {
      const { govuk, app } = both('govukButton', 'appButton', params);
      expect(app).toBe(govuk);
    }
  });

  it('the comparison sees a difference in the markup', () => {
    const { govuk } = both('govukSelect', 'appSelect', selects.plain!);
    const other = both('govukSelect', 'appSelect', { ...selects.plain!, errorMessage: { text: 'x' } }).app;
    expect(other).not.toBe(govuk);
    expect(govuk).toContain('<option selected="" value="good">');
  });
});
