import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { xml2js, type Element } from 'xml-js';
import { CSV_CELL_OPTIONS, unescapeCsvCell } from '../../src/domain/csv-cells.ts';
import { INSPECTION_COLUMNS } from '../../src/domain/register-format.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { PLAN_CHUNK } from '../../src/import/chunked.ts';
import { generateCsv } from '../../src/import/generate.ts';
import { applyImport, planImport } from '../../src/import/importer.ts';
import { issueCorrection } from '../../src/store/publication-repo.ts';
import { auditEvents, inspections, recommendations, services } from '../../src/store/schema.ts';
import { createInspection } from '../../src/store/workflow-repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { actor, bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let clock = new Date('2026-11-22T12:00:00Z');
let admin: Agent;
/** A workflow inspection scheduled for 00:01 on 1 December 2026, nine days after the test's clock. */
let scheduled: { id: string; ref: string };
let planned: { id: string; ref: string };
let baseRow: Record<string, string>;

const FORMULA_LEAD = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
const registerCsv = (rows: Record<string, string>[]) =>
  stringify(rows, { ...CSV_CELL_OPTIONS, header: true, columns: INSPECTION_COLUMNS.map((c) => c.name) });
const get = (url: string) => app.inject({ method: 'GET', url });

function upload(agent: Agent, mode: 'check' | 'import', content: string, filename: string) {
  const boundary = '----inspectorate-hardening';
  const part = (name: string, value: string, file?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
  const payload =
    part('_csrf', agent.csrf) + part('mode', mode) + part('file', content, filename) + `--${boundary}--\r\n`;
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({
    method: 'POST',
    url: '/workspace/import',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
  });
}

async function lastImportAudit() {
  const [row] = await t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'import'))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row!;
}

beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  const wf = await bromleyAtFactualAccuracy(t);
  // Carried on to "scheduled" directly: how it got there is the workflow's business, not the import's.
  const [row] = await t.db
    .update(inspections)
    .set({
      status: 'scheduled',
      publishedAt: new Date('2026-12-01T00:01:00Z'),
      publicationPrecision: 'day',
      publicationEarliest: '2026-12-01',
      publicationLatest: '2026-12-01',
    })
    .where(eq(inspections.id, wf.inspectionId))
    .returning();
  scheduled = { id: row!.id, ref: row!.ref };
  const [bexley] = await t.db.select().from(services).where(eq(services.slug, 'bexley'));
  const f = frameworkRegistry().get('hmip-youth-2021')!;
  const p = await createInspection(
    t.db,
    wf.lead,
    {
      serviceId: bexley!.id,
      frameworkId: f.id,
      frameworkVersion: f.version,
      title: 'Planned',
      fieldworkStart: '2027-02-01',
      fieldworkEnd: null,
    },
    clock,
  );
  planned = { id: p.id, ref: p.ref };
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
  admin = new Agent(app);
  await admin.signIn('admin@example.test');
  await admin.get('/workspace/import');
  const rows = parse((await get('/downloads/inspections.csv')).body, { columns: true }) as Record<string, string>[];
  baseRow = Object.fromEntries(
    Object.entries(rows.find((r) => r.inspection_ref === 'bromley-2025')!).map(([k, v]) => [k, unescapeCsvCell(v)]),
  );
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe('imports never touch the workflow, the embargo or published ratings', () => {
  it('refuses a row with the reference of a scheduled or planned workflow inspection, changes nothing, and audits the attempt', async () => {
    const [before] = await t.db.select().from(inspections).where(eq(inspections.id, scheduled.id));
    const attack = registerCsv([
      {
        ...baseRow,
        inspection_ref: scheduled.ref,
        published_at: '2026-11-22T00:01:00.000Z',
        publication_date: '2026-11-22',
        overall_rating: 'inadequate',
      },
      {
        ...baseRow,
        inspection_ref: planned.ref,
        service_slug: 'bexley',
        service_name: 'Bexley YJS',
        local_authorities: 'Bexley',
        ons_codes: 'E09000004',
      },
    ]);
    const plan = await planImport(t.db, attack, clock);
    expect(plan.rows.map((r) => r.action)).toEqual(['reject', 'reject']);
    expect(plan.rows[0]!.reasons.join(' ')).toMatch(
      new RegExp(`${scheduled.ref} is an inspection run in the workflow \\(now scheduled\\); imports never change it`),
    );
    expect(plan.rows[1]!.reasons.join(' ')).toMatch(
      new RegExp(`${planned.ref} is an inspection run in the workflow \\(now planned\\)`),
    );
    expect(plan.records).toEqual([]);

    const res = await upload(admin, 'import', attack, 'attack.csv');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('run in the workflow');
    const [after] = await t.db.select().from(inspections).where(eq(inspections.id, scheduled.id));
    expect(after).toEqual(before);
    expect((await get(`/inspections/${scheduled.ref}`)).statusCode).toBe(404); // still under embargo
    const audit = await lastImportAudit();
    expect(audit).toMatchObject({ actorName: 'Ada Admin', actorRole: 'admin', entityType: 'register' });
    expect(audit.after).toMatchObject({
      file: 'attack.csv',
      importer: 'register-csv',
      counts: { imported: 0, merged: 0, unchanged: 0, flagged: 0, rejected: 2 },
    });
  });

  it('refuses an HMIP-scrape row that would merge into a scheduled workflow inspection', async () => {
    const scrape =
      'la_name,la_ref,score_%,overall_rating,publication_date,report_url\nBromley,E09000006,,Good,01/12/26,https://example.test/r\n';
    const plan = await planImport(t.db, scrape, clock);
    expect(plan.rows[0]).toMatchObject({ action: 'reject' });
    expect(plan.rows[0]!.reasons.join(' ')).toContain('run in the workflow');
  });

  it('refuses a change to a published rating or to when a record became public, pointing at the correction route', async () => {
    const [b] = await t.db.select().from(inspections).where(eq(inspections.ref, 'bromley-2025'));
    const plan = await planImport(t.db, registerCsv([{ ...baseRow, overall_rating: 'inadequate' }]), clock);
    expect(plan.rows[0]!.action).toBe('reject');
    expect(plan.rows[0]!.reasons.join(' ')).toContain(`overall rating outstanding → inadequate`);
    expect(plan.rows[0]!.reasons.join(' ')).toContain(
      `only through a correction: /workspace/inspections/${b!.id}/corrections`,
    );
    expect((await get('/downloads')).body).toContain(
      'remove one leading apostrophe from every cell that starts with one',
    );
    const moved = await planImport(
      t.db,
      registerCsv([{ ...baseRow, published_at: '2025-01-01T00:01:00.000Z' }]),
      clock,
    );
    expect(moved.rows[0]!.reasons.join(' ')).toMatch(
      /published_at: .*an import never changes when a record becomes public/,
    );
    const rated = await planImport(
      t.db,
      registerCsv([{ ...baseRow, standard_ratings: baseRow.standard_ratings!.replace('1.3=good', '1.3=inadequate') }]),
      clock,
    );
    expect(rated.rows[0]!.reasons.join(' ')).toContain('standard 1.3 good → inadequate');
    const retitled = await planImport(t.db, registerCsv([{ ...baseRow, title: 'Something else' }]), clock);
    expect(retitled.rows[0]!.reasons.join(' ')).toMatch(
      /\(title\); a published record changes only through a correction/,
    );
  });

  it('refuses to move a published record to another service, or to replace what it states', async () => {
    const moved = await planImport(
      t.db,
      registerCsv([
        {
          ...baseRow,
          service_slug: 'lewisham',
          service_name: 'Lewisham YJS',
          local_authorities: 'Lewisham',
          ons_codes: 'E09000023',
        },
      ]),
      clock,
    );
    expect(moved.rows[0]!.action).toBe('reject');
    expect(moved.rows[0]!.reasons.join(' ')).toMatch(/service bromley → lewisham.*only through a correction/);
    for (const [column, value, label] of [
      ['publication_date', '2019-01-01', 'publication_date'],
      ['chief_inspector', 'Someone Else', 'chief_inspector'],
      ['notes', 'Rewritten notes', 'notes'],
    ] as const) {
      const plan = await planImport(t.db, registerCsv([{ ...baseRow, [column]: value }]), clock);
      expect(plan.rows[0]!.action, column).toBe('reject');
      expect(plan.rows[0]!.reasons.join(' '), column).toContain(label);
    }
  });

  it('merges what does not change a rating, and the command line audits as "cli" with the counts', async () => {
    // The record holds no rating for standard 2.1: an import may add one.
    const added = { ...baseRow, standard_ratings: `${baseRow.standard_ratings}; 2.1=good (published)` };
    expect(baseRow.standard_ratings).not.toContain('2.1=');
    const plan = await planImport(t.db, registerCsv([added]), clock);
    expect(plan.rows[0]!.action).toBe('merge');
    await applyImport(t.db, plan, { file: 'notes.csv', actor: 'cli', at: new Date() });
    // The merge is on the inspection's own trail too, with what it added.
    const [b] = await t.db.select().from(inspections).where(eq(inspections.ref, 'bromley-2025'));
    const [onTrail] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, b!.id), eq(auditEvents.action, 'import-merge')));
    expect(onTrail).toMatchObject({ actorName: 'cli', after: { file: 'notes.csv' } });
    expect(JSON.stringify(onTrail!.after)).toContain('standard_ratings');
    expect(await lastImportAudit()).toMatchObject({
      actorId: null,
      actorName: 'cli',
      actorRole: 'cli',
      after: { file: 'notes.csv', importer: 'register-csv', counts: { merged: 1, rejected: 0 } },
    });
    // Nothing to save is still an import, and still audited.
    const nothing = await planImport(t.db, registerCsv([added]), clock);
    expect(nothing.rows[0]!.action).toBe('unchanged');
    await applyImport(t.db, nothing, { file: 'again.csv', actor: 'cli', at: new Date() });
    expect((await lastImportAudit()).after).toMatchObject({ file: 'again.csv', counts: { unchanged: 1 } });
  });
});

describe('hostile values in imported fields', () => {
  const hostile = {
    inspection_ref: 'hostile-2026',
    service_slug: 'hostile',
    service_name: '<script>alert("name")</script> & "Co" ]]>',
    former_names: '"><img src=x onerror=alert(1)>',
    local_authorities: 'Hostile <meta http-equiv="refresh" content="0;url=https://evil.example/">',
    ons_codes: '',
    region: '{{ 7*7 }} <b>bold</b>',
    title: '<script>alert("title")</script>',
    fieldwork: '<iframe src=javascript:alert(1)>',
    publication_date: '2026-11-01',
    published_at: '2026-11-01T00:01:00.000Z',
    recommendations_breakdown: '<svg onload=alert(1)>',
    chief_inspector: '{% raw %}{{ range.constructor("alert(1)")() }}',
    notes: '=HYPERLINK("https://evil.example","x")',
    source_url: 'https://example.test/?q="><script>alert(1)</script>',
    other_source_urls: "https://example.test/'onmouseover=alert(1)",
  };
  const MARKUP = [
    /<script>alert/i,
    /<meta http-equiv="refresh" content="0;url=https:\/\/evil/i,
    /<img src=x/i,
    /<iframe/i,
    /<svg onload/i,
    /<b>bold/i,
    /href="\s*javascript:/i,
    /'onmouseover/i,
  ];

  it('refuses an ONS code or a source that is not a web address, naming the column', async () => {
    const plan = await planImport(
      t.db,
      registerCsv([
        {
          ...baseRow,
          ...hostile,
          inspection_ref: 'hostile-2027',
          ons_codes: '<meta http-equiv=refresh content="0;url=https://evil.example">',
        },
        { ...baseRow, ...hostile, inspection_ref: 'hostile-2028', source_url: 'javascript:alert(1)' },
        {
          ...baseRow,
          ...hostile,
          inspection_ref: 'hostile-2029',
          other_source_urls: 'https://ok.test JavaScript:alert(1)',
        },
      ]),
      clock,
    );
    expect(plan.rows.map((r) => r.action)).toEqual(['reject', 'reject', 'reject']);
    expect(plan.rows[0]!.reasons.join(' ')).toMatch(/^ons_codes: .* is not an ONS code/);
    expect(plan.rows[1]!.reasons.join(' ')).toMatch(
      /^source_url: "javascript:alert\(1\)" is not an http or https address/,
    );
    expect(plan.rows[2]!.reasons.join(' ')).toMatch(/^other_source_urls: "JavaScript:alert\(1\)"/);
    const sourced = await planImport(
      t.db,
      'service_name,local_authority_area,region,framework,overall_rating,total_score_stated,total_score_derived,standard_ratings,resettlement_rating,recommendations,fieldwork,publication_date,chief_inspector_named,source_url,other_source_urls,notes\nX YJS,Bromley,London,HMIP-2018,Good,,,,,,,2020-01-01,,javascript:alert(1),,\n',
      clock,
    );
    expect(sourced.rows[0]).toMatchObject({
      action: 'reject',
      reasons: ['source "javascript:alert(1)" is not an http or https address'],
    });
    const scrape = await planImport(
      t.db,
      'la_name,la_ref,score_%,overall_rating,publication_date,report_url\nBromley,E09000006,,Good,01/02/21,javascript:alert(1)\n',
      clock,
    );
    expect(scrape.rows[0]!.reasons).toEqual(['report_url "javascript:alert(1)" is not an http or https address']);
  });

  it('shows every hostile value as text on every public surface', async () => {
    const imported = await upload(admin, 'import', registerCsv([{ ...baseRow, ...hostile }]), 'hostile.csv');
    expect(imported.body).toContain('The import has been saved.');
    expect((await lastImportAudit()).after).toMatchObject({ counts: { imported: 1 } });
    const [h] = await t.db.select().from(inspections).where(eq(inspections.ref, 'hostile-2026'));
    const publisher = await actor(t.db, 'publisher@example.test');
    await issueCorrection(
      t.db,
      publisher,
      h!.id,
      h!.version,
      'Corrected: <script>alert("note")</script> ]]> & more',
      {},
      new Date(),
    );

    const html = [
      '/',
      '/services',
      '/services?q=hostile',
      '/services/hostile',
      '/inspections/hostile-2026',
      '/inspections/hostile-2026/report',
      '/statistics',
      '/statistics?asAt=2026-11-22',
    ];
    for (const url of html) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      for (const m of MARKUP) expect(res.body, `${url} ${m}`).not.toMatch(m);
    }
    const service = (await get('/services/hostile')).body;
    expect(service).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &quot;Co&quot; ]]&gt;');
    expect(service).toContain('{{ 7*7 }} &lt;b&gt;bold&lt;/b&gt;');
    const page = (await get('/inspections/hostile-2026')).body;
    expect(page).toContain('href="https://example.test/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('{% raw %}{{ range.constructor(&quot;alert(1)&quot;)() }}');

    // JSON carries the text as data, as JSON, never sniffed as a page.
    for (const url of [
      '/api/v1/inspections/hostile-2026',
      '/api/v1/services/hostile',
      '/api/v1/inspections?limit=500',
      '/downloads/inspections.json',
    ]) {
      const res = await get(url);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(JSON.stringify(res.json()), url).toContain(JSON.stringify(hostile.service_name).slice(1, -1));
    }
    // CSV: the text survives, and no cell starts a formula.
    for (const url of ['/downloads/inspections.csv', '/downloads/standard-ratings.csv']) {
      const res = await get(url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      const cells = (parse(res.body) as string[][]).flat();
      expect(
        cells.filter((c) => FORMULA_LEAD.includes(c[0] ?? '')),
        url,
      ).toEqual([]);
    }
    const row = (
      parse((await get('/downloads/inspections.csv')).body, { columns: true }) as Record<string, string>[]
    ).find((r) => r.inspection_ref === 'hostile-2026')!;
    expect(row.notes).toBe(`'${hostile.notes}`);
    expect(row.service_name).toBe(hostile.service_name);

    // XML: well formed (a strict parser reads it), titles and summaries are text, shown as written.
    // Corrections are stamped with the real time, so the feed is read a minute after it.
    const testClock = clock;
    onTestFinished(() => {
      clock = testClock;
    });
    clock = new Date(Date.now() + 60_000);
    const feed = (await get('/feed.atom')).body;
    clock = testClock;
    expect(feed).not.toContain('<script');
    expect(feed).not.toContain('CDATA');
    const doc = xml2js(feed, { compact: false }) as Element;
    const text = (e: Element) => (e.elements ?? []).map((x) => x.text).join('');
    const root = doc.elements![0]!;
    const entries = root.elements!.filter((e) => e.name === 'entry');
    const textOf = (e: Element, name: string) => e.elements!.find((x) => x.name === name)!;
    // What RFC 4287 requires of a feed and its entries: the Atom namespace; exactly one id, title
    // and updated (an RFC 3339 date-time) on each; absolute IRIs as ids; an author on the feed
    // (so on every entry); a self link.
    expect(root.name).toBe('feed');
    expect(root.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
    for (const el of [root, ...entries]) {
      for (const name of ['id', 'title', 'updated'])
        expect(
          el.elements!.filter((x) => x.name === name),
          `${el.name} ${name}`,
        ).toHaveLength(1);
      expect(text(textOf(el, 'updated'))).toMatch(rfc3339);
      expect(() => new URL(text(textOf(el, 'id')))).not.toThrow();
    }
    expect(root.elements!.some((x) => x.name === 'author')).toBe(true);
    expect(root.elements!.some((x) => x.name === 'link' && x.attributes?.rel === 'self')).toBe(true);
    const titles = entries.map((e) => textOf(e, 'title'));
    expect(titles.every((x) => x.attributes?.type === 'text')).toBe(true);
    expect(entries.every((e) => textOf(e, 'summary').attributes?.type === 'text')).toBe(true);
    expect(titles.map(text)).toContain(`${hostile.service_name}: rated Outstanding`);
    expect(titles.map(text)).toContain(`Correction: ${hostile.service_name}`);
    expect(entries.map((e) => text(textOf(e, 'summary')))).toContain(
      'Corrected: <script>alert("note")</script> ]]> & more',
    );
    expect(() => xml2js('<a><b></a>')).toThrow(); // the parser is strict
    expect(() => xml2js(feed)).not.toThrow();
    const sitemap = (await get('/sitemap.xml')).body;
    expect(() => xml2js(sitemap)).not.toThrow();
    expect(sitemap).toContain('/inspections/hostile-2026');
  });
});

describe('CSV the service writes', () => {
  it('the board CSV escapes a recommendation that starts a formula', async () => {
    const [b] = await t.db.select().from(inspections).where(eq(inspections.ref, 'bromley-2025'));
    const [rec] = await t.db
      .select()
      .from(recommendations)
      .where(and(eq(recommendations.inspectionId, b!.id), eq(recommendations.position, 1)));
    await t.db
      .update(recommendations)
      .set({ text: '=HYPERLINK("https://evil.example","Click")' })
      .where(eq(recommendations.id, rec!.id));
    const res = await admin.get('/workspace/services/bromley/board.csv');
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.recommendation_text)).toContain('\'=HYPERLINK("https://evil.example","Click")');
    expect(
      Object.values(rows)
        .flatMap((r) => Object.values(r))
        .filter((c) => FORMULA_LEAD.includes(c[0] ?? '')),
    ).toEqual([]);
  });
});

/** How many turns the event loop took while `work` ran: none means it was held for the whole time. */
async function eventLoopTurnsDuring<T>(work: Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work, turns };
  } finally {
    running = false;
  }
}

describe('large imports leave the event loop free', () => {
  it('planning hands the event loop back at least once every PLAN_CHUNK rows', async () => {
    const csv = generateCsv(frameworkRegistry(), 250, 8); // 2,000 rows
    const rows = csv.split('\n').length - 2;
    const { result: plan, turns } = await eventLoopTurnsDuring(planImport(t.db, csv, clock));
    expect(plan.rows).toHaveLength(rows);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(rows / PLAN_CHUNK));
  }, 60_000);

  it('an HMIP scrape of many rows is planned in chunks too', async () => {
    const csv = `la_name,la_ref,score_%,overall_rating,publication_date,report_url\n${'Nowhere,,,Good,01/02/21,\n'.repeat(2000)}`;
    const { result: plan, turns } = await eventLoopTurnsDuring(planImport(t.db, csv, clock));
    expect(plan.rows).toHaveLength(2000);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(2000 / PLAN_CHUNK));
  }, 60_000);
});

describe('the upload page decides before reading the upload', () => {
  /** Sends the headers and the first 64 KB of a 19 MB upload, and resolves with the answer, however early. */
  function partialUpload(port: number, cookie = ''): Promise<{ status: number; location?: string; sentBytes: number }> {
    const total = 19 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const req = http.request({
        port,
        method: 'POST',
        path: '/workspace/import',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(total), cookie },
      });
      let sent = 0;
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode!, location: res.headers.location, sentBytes: sent });
        req.destroy();
      });
      req.on('error', (e) => (sent < total ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      req.write('--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n');
      req.write(chunk);
      sent = chunk.length;
      // Nothing more is sent: a server that waits for the whole body never answers.
      setTimeout(() => reject(new Error('no answer while the body was still being sent')), 10_000).unref();
    });
  }

  it('answers an anonymous upload with a redirect to sign in, and another role with 403, while the client is still sending', async () => {
    const server = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = server.server.address() as AddressInfo;
      const anon = await partialUpload(port);
      expect(anon).toMatchObject({ status: 303, location: '/sign-in' });
      const inspector = new Agent(server);
      await inspector.signIn('inspector@example.test');
      const other = await partialUpload(port, [...inspector.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      expect(other.status).toBe(403);
    } finally {
      await server.close();
    }
  }, 30_000);
});
