import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/domain/framework.ts';
import {
  addresseeDisplayName,
  addresseeNeedsName,
  compareReportTexts,
  methodologyText,
  paragraphs,
  reportSections,
  sectionField,
} from '../../src/domain/report-text.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { withPdfInfo } from '../../src/web/inspection/pdf-info.ts';

const f2021 = frameworkRegistry().get('hmip-youth-2021')!;
const f2025 = frameworkRegistry().get('hmip-youth-2025')!;

describe('report sections and comparison', () => {
  it('has the foreword, the overview, then one section per standard in framework order', () => {
    const s = reportSections(f2021);
    expect(s.slice(0, 2).map((x) => x.key)).toEqual(['foreword', 'overview']);
    expect(s.slice(2).map((x) => x.standardId)).toEqual(f2021.domains.flatMap((d) => d.standards.map((x) => x.id)));
    expect(sectionField(s[0]!)).toBe('foreword');
    expect(sectionField(s.find((x) => x.standardId === '2.1')!)).toBe('narrative-2.1');
  });

  it('marks a section changed only when its words changed (not line endings or surrounding spaces)', () => {
    const before = { foreword: 'One.\r\nTwo.', overview: 'Same', narratives: { '2.1': 'Old' } };
    const after = { foreword: 'One.\nTwo.  ', overview: 'Same', narratives: { '2.1': 'New', '2.2': 'Added' } };
    const c = compareReportTexts(f2021, before, after);
    const by = (k: string) => c.find((x) => x.key === k)!;
    expect(by('foreword').changed).toBe(false);
    expect(by('overview').changed).toBe(false);
    expect(by('standard:2.1')).toMatchObject({ changed: true, before: 'Old', after: 'New' });
    expect(by('standard:2.2')).toMatchObject({ changed: true, before: '', after: 'Added' });
    expect(by('standard:2.3').changed).toBe(false);
  });

  it('splits text into paragraphs at blank lines, joining the lines of a paragraph', () => {
    expect(paragraphs('First line\nsame paragraph.\r\n\r\n  Second.\n\n\n')).toEqual([
      'First line same paragraph.',
      'Second.',
    ]);
    expect(paragraphs('   ')).toEqual([]);
  });
});

describe('recommendations are to a body by its real name', () => {
  it('requires a name where the code names no one body', () => {
    expect(addresseeNeedsName('police')).toBe(true);
    expect(addresseeNeedsName('management_board')).toBe(true);
    expect(addresseeNeedsName('other')).toBe(true);
    expect(addresseeNeedsName('yjs')).toBe(false);
    expect(addresseeNeedsName('probation')).toBe(false);
  });
  it('shows the recorded name, else the service or the national body, else (older records) the kind', () => {
    const show = (addressee: Parameters<typeof addresseeDisplayName>[0]['addressee'], name: string | null = null) =>
      addresseeDisplayName({ addressee, addresseeName: name }, 'Bromley YJS');
    expect(show('police', 'the Metropolitan Police')).toBe('the Metropolitan Police');
    expect(show('yjs')).toBe('Bromley YJS');
    expect(show('probation')).toBe('the Probation Service');
    expect(show('management_board')).toBe('YJS management board');
  });
});

describe('the methodology annex, from the framework file', () => {
  it('2021: the case bands, the panel’s part and the score bands', () => {
    const m = methodologyText(f2021, {
      byType: [
        { caseType: 'court', n: 10 },
        { caseType: 'out_of_court', n: 7 },
      ],
      caseList: null,
    });
    expect(m.sample[0]).toBe('Inspectors assessed 17 cases: 10 court disposals and 7 out-of-court disposals.');
    expect(m.sample[1]).toContain('added to the sample by hand');
    const r = m.ratings.join(' ');
    expect(r).toContain('80% or more: Outstanding; 65% to under 80%: Good; 50% to under 65%: Requires improvement');
    expect(r).toContain('under 50%: Inadequate');
    expect(r).toContain('lowest key question');
    expect(r).toContain('by at most 1 step.');
    expect(r).toContain('31–36: Outstanding');
  });

  it('2025: a drawn sample, stratified, and the overall rating as the panel’s judgement within bounds', () => {
    const rule = f2025.sampling[0]!.draw!;
    const m = methodologyText(f2025, {
      byType: [
        { caseType: 'children', n: 26 },
        { caseType: 'victims', n: 9 },
      ],
      caseList: { rowCount: 61, drawn: true, rule },
    });
    expect(m.sample[0]).toBe("Inspectors assessed 35 cases: 26 children's cases and 9 victims' cases.");
    expect(m.sample[1]).toContain('drawn at random from the service’s list of 61 eligible cases');
    expect(m.sample[1]).toContain('disposal type');
    expect(m.sample[1]).toContain(`at least ${rule.minPerStratum} from each group`);
    expect(m.ratings.join(' ')).toContain('no better than the best and no worse than the worst');
  });

  it('no cases, no scoring: says so rather than inventing rules', () => {
    const bare: Framework = { ...f2021, scoring: null };
    const m = methodologyText(bare, { byType: [], caseList: null });
    expect(m.sample[0]).toBe('No cases were assessed.');
    expect(m.ratings.join(' ')).not.toContain('bands are');
    const one = methodologyText(bare, { byType: [{ caseType: 'court', n: 1 }], caseList: null });
    expect(one.sample[0]).toBe('Inspectors assessed 1 case: 1 court disposal.');
  });
});

describe('PDF document information', () => {
  /** A minimal classic-xref PDF, as Chromium writes them. */
  function minimalPdf(): Buffer {
    const objs = [
      "1 0 obj\n<</Title (Old) /Producer (Skia/PDF m156) /CreationDate (D:20261203000000+00'00')>>\nendobj\n",
      '2 0 obj\n<</Type /Catalog /Pages 3 0 R>>\nendobj\n',
      '3 0 obj\n<</Type /Pages /Kids [4 0 R] /Count 1>>\nendobj\n',
      '4 0 obj\n<</Type /Page /Parent 3 0 R /MediaBox [0 0 200 200]>>\nendobj\n',
    ];
    let body = '%PDF-1.4\n';
    const offsets: number[] = [];
    for (const o of objs) {
      offsets.push(body.length);
      body += o;
    }
    const xref = body.length;
    body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    body += `trailer\n<</Size 5\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(body, 'latin1');
  }

  it('appends an update with the title and author, keeping the original bytes and the producer', () => {
    const pdf = minimalPdf();
    const out = withPdfInfo(pdf, { title: 'An inspection in Bromley – 2025', author: 'HM Inspectorate of Probation' });
    expect(out.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const tail = out.subarray(pdf.length).toString('latin1');
    expect(tail).toContain('5 0 obj');
    expect(tail).toContain('/Producer (Skia/PDF m156)');
    expect(tail).toMatch(/\/Prev \d+/);
    expect(tail).toContain('/Info 5 0 R');
    let info: string;
    try {
      execFileSync('which', ['pdfinfo'], { stdio: 'ignore' });
      info = execFileSync('pdfinfo', ['-'], { input: out, encoding: 'utf8' });
    } catch {
      return; // pdfinfo (poppler-utils) not installed: the byte checks above still hold
    }
    expect(info).toMatch(/^Title:\s+An inspection in Bromley – 2025$/m);
    expect(info).toMatch(/^Author:\s+HM Inspectorate of Probation$/m);
  });

  it('leaves anything it does not understand unchanged', () => {
    const odd = Buffer.from('%PDF-1.7\nnot a classic xref\n%%EOF\n');
    expect(withPdfInfo(odd, { title: 't', author: 'a' })).toBe(odd);
  });
});
