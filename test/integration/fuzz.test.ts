import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport } from '../../src/import/importer.ts';
import { sql } from 'drizzle-orm';
import { countRows } from '../../src/store/db.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  // The fuzzer posts to the claims check far more often than one address may in a minute.
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', claimsRateLimitPerMinute: 0 } });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

/** Hostile strings: unicode, control characters, huge, SQL-ish and markup-ish. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; drop table services; --",
    '<script>alert(1)</script>',
    '%00',
    '../../etc/passwd',
    '9'.repeat(400),
    '',
    ' ',
    '2025-02-30',
    '-1',
    'NaN',
    '{"a":',
  ),
);
/**
 * How many cases each property tries. `npm test` runs a quick pass; CI's deep fuzz step runs the
 * same properties with FUZZ_SCALE=5 on PostgreSQL, so depth is kept without slowing the suite
 * every developer runs.
 */
const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const runs = (quick: number) => ({ numRuns: Math.round(quick * scale) });
const counts = async () => Promise.all(['services', 'inspections'].map((x) => countRows(t.db, x as 'services')));

describe('bad input never gets a 500 and never writes half a thing', () => {
  it('public query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/',
          '/services',
          '/statistics',
          '/api/v1/inspections',
          '/api/v1/services',
          '/api/v1/statistics',
          '/downloads/inspections.csv',
        ),
        fc.dictionary(
          fc.constantFrom(
            'asAt',
            'q',
            'rating',
            'region',
            'nation',
            'sort',
            'page',
            'limit',
            'cursor',
            'publishedFrom',
            'framework',
          ),
          nasty,
          { maxKeys: 4 },
        ),
        async (path, q) => {
          const qs = new URLSearchParams(q as Record<string, string>).toString();
          const res = await app.inject({ url: `${path}?${qs}` });
          expect(res.statusCode, `${path}?${qs}`).toBeLessThan(500);
        },
      ),
      runs(40),
    );
  });

  it('a NUL character anywhere is refused with a 400 that says so (PostgreSQL cannot store one; found by the fuzzer)', async () => {
    for (const url of ['/api/v1/inspections?rating=%00', '/services?q=a%00b', '/statistics?asAt=%00']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('NUL character');
    }
    const claims = await app.inject({
      method: 'POST',
      url: '/api/v1/claims/check',
      payload: { text: 'Bromley was rated \u0000 Outstanding' },
    });
    expect(claims.statusCode).toBe(400);
    expect(claims.json().error.message).toContain('NUL character');
    await expect(planImport(t.db, 'inspection_ref,x\nabc\u0000,1', new Date())).rejects.toThrow('NUL characters');
  });

  it('the claims API', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ text: nasty, asAt: fc.option(nasty, { nil: undefined }) }), fc.anything()),
        async (body) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/claims/check',
            payload: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json' },
          });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().error.message.length).toBeGreaterThan(5);
        },
      ),
      runs(30),
    );
  });

  it('signed-in forms: plan an inspection, findings, case answers, panel decisions, sign-in', async () => {
    // Hostile values mixed with valid ones, so that some posts succeed and the audit check below has
    // rows to check (with hostile values only, nothing is ever created).
    const plausible = fc.oneof(
      nasty,
      fc.constantFrom('strength', 'improvement', 'A finding the fuzzer wrote', 'Good', 'yes', '1.1'),
    );
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    const url = `/workspace/inspections/${fixture.inspectionId}`;
    const before = await counts();
    const rowsWithoutAudit = async () => {
      // Every inspection, finding and recommendation is written with its audit event in one
      // transaction: a row without one was half-written.
      const r = (await t.db.execute(sql`
        select kind, id from (
          select 'inspection' as kind, id::text as id from inspections where status <> 'published'
          union all select 'finding', id::text from findings
          union all select 'recommendation', id::text from recommendations
        ) x
        where not exists (select 1 from audit_events a where a.entity_id = x.id)`)) as unknown as {
        rows: { kind: string; id: string }[];
      };
      return r.rows;
    };
    const orphansBefore = await rowsWithoutAudit();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/workspace/inspections/new',
          `${url}/findings`,
          `${url}/recommendations`,
          `${url}/cases`,
          `${url}/cases/${fixture.caseId}`,
          `${url}/panel/1.1`,
          `${url}/panel/_overall`,
          `${url}/transition`,
          '/sign-in',
        ),
        fc.dictionary(
          fc.constantFrom(
            'serviceId',
            'frameworkId',
            'title',
            'fieldworkStart-day',
            'kind',
            'text',
            'standardId',
            'addressee',
            'ref',
            'caseType',
            'answer-2-1-1',
            'note-2-1-1',
            'rating',
            'rationale',
            'version',
            'to',
            'email',
            'password',
          ),
          plausible,
          { maxKeys: 6 },
        ),
        async (path, form) => {
          await lead.get(path.startsWith('/sign-in') ? '/workspace' : url);
          // Half the time the hostile fields are laid over a valid form, so some posts succeed.
          const valid: Record<string, string> = path.endsWith('/findings')
            ? { kind: 'strength', text: 'A finding the fuzzer wrote' }
            : path.endsWith('/recommendations')
              ? { text: 'A recommendation the fuzzer wrote', addressee: 'yjs' }
              : {};
          const res = await lead.post(path, {
            ...(Object.keys(form).length % 2 ? valid : {}),
            ...(form as Record<string, string>),
          });
          expect(res.statusCode, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
        },
      ),
      runs(30),
    );
    // Nothing was half-created: no new services, and every inspection, finding or recommendation
    // the fuzzer managed to create (a valid plan or form may create one) came with its audit event.
    const after = await counts();
    expect(after[0]).toBe(before[0]);
    expect(await rowsWithoutAudit()).toEqual(orphansBefore);
  });

  it('the CSV importer, on arbitrary text, reports and never throws anything but a format error', async () => {
    const header =
      'service_name,local_authority_area,region,framework,overall_rating,total_score_stated,total_score_derived,standard_ratings,resettlement_rating,recommendations,fieldwork,publication_date,chief_inspector_named,source_url,other_source_urls,notes';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(nasty, { minLength: 16, maxLength: 16 }), { maxLength: 5 }),
        fc.constantFrom(header, 'la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff'),
        async (rows, head) => {
          const csv = [
            head,
            ...rows.map((r) =>
              r
                .slice(0, head.split(',').length)
                .map((c) => `"${c.replace(/"/g, '""')}"`)
                .join(','),
            ),
          ].join('\n');
          try {
            const plan = await planImport(t.db, csv, new Date());
            for (const r of plan.rows) if (r.action === 'reject') expect(r.reasons.length).toBeGreaterThan(0);
          } catch (e) {
            expect((e as { code?: string }).code ?? (e as Error).name).toMatch(/CSV_|ImportFormatError/);
          }
        },
      ),
      runs(30),
    );
  });

  it('the CSV importer treats names of built-in object properties as plain unknown values (found by the fuzzer)', async () => {
    for (const programme of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const csv = `service_name,local_authority_area,region,framework,overall_rating,total_score_stated,total_score_derived,standard_ratings,resettlement_rating,recommendations,fieldwork,publication_date,chief_inspector_named,source_url,other_source_urls,notes\nSomewhere YJS,Somewhere,London,${programme},Good,,,,,,,2024-01-01,,,,`;
      const plan = await planImport(t.db, csv, new Date());
      expect(plan.rows[0], programme).toMatchObject({
        action: 'reject',
        reasons: [`unknown programme "${programme}"`],
      });
    }
  });
});
