/**
 * Every endpoint of the open data API, called through openapi-fetch typed by the types
 * openapi-typescript generates from the document the app serves. The integration test
 * (test/integration/openapi-client.test.ts) writes those types, type-checks this file against
 * them, then runs it against the app: a document that stops describing the API fails either the
 * type check (a path, parameter or field the calls below use is gone or changed) or the run.
 *
 * Seeded register (data/seed), clock at 2026-11-22.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { expect } from 'vitest';
import type { components, paths } from '../../build/api-client/openapi.ts';

type InspectionSummary = components['schemas']['InspectionSummary'];

export async function callEveryEndpoint(baseUrl: string, middleware: Middleware): Promise<void> {
  const api = createClient<paths>({ baseUrl });
  api.use(middleware);

  const frameworks = await api.GET('/frameworks');
  expect(frameworks.response.status).toBe(200);
  expect(frameworks.data?.data.map((f) => f.id)).toContain('hmip-youth-2021');

  const framework = await api.GET('/frameworks/{id}', { params: { path: { id: 'hmip-youth-2021' } } });
  expect(framework.data?.data.ratingScale.map((r) => r.id)).toContain('requires_improvement');
  const noFramework = await api.GET('/frameworks/{id}', { params: { path: { id: 'no-such-framework' } } });
  expect(noFramework.response.status).toBe(404);
  expect(noFramework.error?.error.code).toBe('not_found');

  // Paging: a first page of five, then the next by the cursor its link carries.
  const first = await api.GET('/services', { params: { query: { limit: 5 } } });
  expect(first.data?.meta.count).toBe(5);
  const next = new URL(first.data!.links.next!, baseUrl).searchParams.get('cursor')!;
  const second = await api.GET('/services', { params: { query: { limit: 5, cursor: next } } });
  expect(second.data!.data[0]!.slug > first.data!.data[4]!.slug).toBe(true);
  const wales = await api.GET('/services', { params: { query: { nation: ['Wales'], limit: 500 } } });
  expect(wales.data?.data.length).toBeGreaterThan(0);
  expect(wales.data?.data.every((s) => s.nation === 'Wales')).toBe(true);
  const badCursor = await api.GET('/services', { params: { query: { cursor: 'not-a-cursor' } } });
  expect(badCursor.response.status).toBe(400);
  expect(badCursor.error?.error.code).toBe('invalid_cursor');

  const service = await api.GET('/services/{slug}', { params: { path: { slug: 'bromley' } } });
  expect(service.data?.data.latest?.ref).toBe('bromley-2025');
  const noService = await api.GET('/services/{slug}', { params: { path: { slug: 'nowhere' } } });
  expect(noService.response.status).toBe(404);

  const directory = await api.GET('/directory');
  expect(directory.data?.meta.count).toBe(directory.data?.data.length);
  expect(directory.data?.data.some((d) => d.register?.slug === 'bromley')).toBe(true);

  // Thematic inspections: listed with their sources, never counted.
  const thematic = await api.GET('/thematic-inspections');
  expect(thematic.data?.meta).toEqual({ count: thematic.data?.data.length, counted: false });
  expect(thematic.data?.data.find((x) => x.ref === 'serious-youth-violence-2024')?.visitedServices).toEqual([
    { slug: 'leeds', name: 'Leeds YJS' },
  ]);
  const thematicThen = await api.GET('/thematic-inspections', { params: { query: { asAt: '2021-10-20' } } });
  expect(thematicThen.data?.data.map((x) => x.ref)).not.toContain('black-mixed-heritage-boys-2021');

  // Array parameters go repeated (form, explode), as the document says.
  const london = await api.GET('/inspections', {
    params: { query: { rating: ['outstanding'], region: ['London'], limit: 50 } },
  });
  const refs = (list: InspectionSummary[] | undefined) => (list ?? []).map((i) => i.ref);
  expect(refs(london.data?.data)).toContain('bromley-2025');
  expect(london.data?.data.every((i) => i.overallRating === 'outstanding' && i.service.region === 'London')).toBe(true);
  const asAt = await api.GET('/inspections', { params: { query: { asAt: '2024-07-12', limit: 500 } } });
  expect(refs(asAt.data?.data)).toContain('bexley-2024');
  expect(refs(asAt.data?.data)).not.toContain('bromley-2025');
  const tooMany = await api.GET('/inspections', { params: { query: { limit: 501 } } });
  expect(tooMany.response.status).toBe(400);
  expect(tooMany.error?.error.details?.map((d) => d.path)).toContain('limit');
  const future = await api.GET('/inspections', { params: { query: { asAt: '2026-11-23' } } });
  expect(future.error?.error.code).toBe('invalid_query');

  const inspection = await api.GET('/inspections/{ref}', { params: { path: { ref: 'bromley-2025' } } });
  expect(inspection.data?.data).toMatchObject({ score: 33, scoreMax: 36, overallRating: 'outstanding' });
  expect(inspection.data?.data.standards.find((s) => s.standardId === '4.1')?.source).toBe('published');
  const noInspection = await api.GET('/inspections/{ref}', { params: { path: { ref: 'bromley-2031' } } });
  expect(noInspection.error?.error.code).toBe('not_found');

  const statistics = await api.GET('/statistics', { params: { query: { asAt: '2025-01-07', limit: 50 } } });
  expect(statistics.data?.data.asAt).toBe('2025-01-07');
  // The counts are whole; the lists behind them come a page at a time.
  expect(statistics.data?.meta.totals.counted).toBe(statistics.data?.data.services);
  expect(statistics.data?.data.basis.counted).toHaveLength(50);
  expect(statistics.data?.links.next).toMatch(/[?&]cursor=/);
  const badDate = await api.GET('/statistics', { params: { query: { asAt: '2025-02-30' } } });
  expect(badDate.response.status).toBe(400);

  const checked = await api.POST('/claims/check', {
    body: { text: 'Bromley YJS was rated Outstanding, scoring 33 out of 36.', asAt: '2025-01-07' },
  });
  expect(checked.data?.data.asAtSource).toBe('given');
  expect(checked.data?.data.counts.supported).toBeGreaterThan(0);
  expect(checked.data?.data.verdicts.every((v) => v.verdict !== 'contradicted')).toBe(true);
  const noText = await api.POST('/claims/check', { body: {} as { text: string } });
  expect(noText.error?.error.code).toBe('invalid_body');

  const document = await api.GET('/openapi.json');
  expect(document.response.status).toBe(200);
}
