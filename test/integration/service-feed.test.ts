import { load } from 'cheerio';
import { describe, expect } from 'vitest';
import { xml2js, type Element } from 'xml-js';
import { appTest } from '../helpers/app.ts';

// Each service's Atom feed: that service's publications only, under the same embargo
// rule as the site's feed, linked from the service's page.
const test = appTest();
const ATOM = 'http://www.w3.org/2005/Atom';

const text = (e: Element | undefined) => (e?.elements ?? []).map((x) => x.text).join('');
function parse(body: string) {
  const root = (xml2js(body, { compact: false }) as Element).elements![0]!;
  const entries = root.elements!.filter((e) => e.name === 'entry');
  const child = (e: Element, name: string) => e.elements!.find((x) => x.name === name);
  return {
    root,
    ids: entries.map((e) => text(child(e, 'id'))),
    titles: entries.map((e) => text(child(e, 'title'))),
    published: entries.map((e) => text(child(e, 'published'))),
  };
}

describe('a service’s Atom feed', () => {
  test('lists that service’s publications only, newest first, as well-formed Atom; an unknown service is a 404', async ({
    app,
    build,
  }) => {
    const mine = await build.service({ name: 'Chiltern & <Vale> YJS' });
    const other = await build.service({ name: 'Thames Reach YJS' });
    const later = await build.inspection({
      status: 'published',
      service: mine,
      publishAt: new Date('2026-10-01T00:01:00Z'),
    });
    const res = await app.inject({ method: 'GET', url: `/services/${mine.slug}/feed.atom` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(() => xml2js('<a><b></a>')).toThrow(); // the parser is strict
    const feed = parse(res.body);
    expect(feed.root.name).toBe('feed');
    expect(feed.root.attributes?.xmlns).toBe(ATOM);
    expect(text(feed.root.elements!.find((e) => e.name === 'title'))).toEqual(
      expect.stringContaining('inspections of Chiltern & <Vale> YJS'),
    );
    const self = feed.root.elements!.find((e) => e.name === 'link' && e.attributes?.rel === 'self');
    expect(String(self?.attributes?.href)).toMatch(new RegExp(`/services/${mine.slug}/feed\\.atom$`));
    expect(feed.ids.map((id) => id.replace(/^.*\/inspections\//, ''))).toEqual([later.ref, mine.firstInspectionRef]);
    expect(feed.published).toEqual([...feed.published].sort().reverse());
    expect(feed.titles.every((t) => t.startsWith('Chiltern & <Vale> YJS:'))).toBe(true);
    expect(res.body).not.toContain(other.firstInspectionRef);

    const theirs = await app.inject({ method: 'GET', url: `/services/${other.slug}/feed.atom` });
    expect(parse(theirs.body).ids.map((id) => id.replace(/^.*\/inspections\//, ''))).toEqual([
      other.firstInspectionRef,
    ]);
    expect((await app.inject({ method: 'GET', url: '/services/no-such-service/feed.atom' })).statusCode).toBe(404);
  });

  test('a service whose only record has no known publication date: no entry, and no made-up date', async ({
    app,
    build,
  }) => {
    const addedAt = new Date('2026-11-20T10:00:00Z');
    const { serviceSlug } = await build.publishedInspection({ publication: null, publishedAt: addedAt });
    const res = await app.inject({ method: 'GET', url: `/services/${serviceSlug}/feed.atom` });
    expect(res.statusCode).toBe(200);
    const feed = parse(res.body);
    expect(feed.ids).toEqual([]);
    const updated = new Date(text(feed.root.elements!.find((e) => e.name === 'updated')));
    // When the register last changed the service, never the epoch.
    expect(updated.getUTCFullYear()).toBeGreaterThan(2000);
    expect(updated.getTime()).toBeLessThanOrEqual(Date.now());
  });

  test('leaves out a scheduled inspection until its instant, and has it from then on', async ({
    app,
    build,
    clock,
  }) => {
    const svc = await build.service({ name: 'Marlow Downs YJS' });
    const publishAt = new Date('2027-01-12T00:01:00Z');
    const insp = await build.inspection({ status: 'scheduled', service: svc, publishAt });
    const url = `/services/${svc.slug}/feed.atom`;
    clock.set(new Date(publishAt.getTime() - 1000));
    const before = await app.inject({ method: 'GET', url });
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain(insp.ref);
    expect(parse(before.body).ids).toHaveLength(1);
    clock.set(publishAt);
    const after = parse((await app.inject({ method: 'GET', url })).body);
    expect(after.ids[0]).toMatch(new RegExp(`/inspections/${insp.ref}$`));
    expect(after.published[0]).toBe(publishAt.toISOString());
  });

  test('the service page names its feed in the head and links it beside the subscribe link', async ({ app, build }) => {
    const svc = await build.service({ name: 'Wycombe Heath YJS' });
    const $ = load((await app.inject({ method: 'GET', url: `/services/${svc.slug}` })).body);
    const feedHref = `/services/${svc.slug}/feed.atom`;
    expect($(`head link[rel="alternate"][type="application/atom+xml"][href="${feedHref}"]`)).toHaveLength(1);
    const visible = $(`main a[href="${feedHref}"]`);
    expect(visible).toHaveLength(1);
    expect(visible.text()).toContain('Wycombe Heath YJS');
    expect(visible.closest('p').prev().find(`a[href="/services/${svc.slug}/subscribe"]`)).toHaveLength(1);
  });
});
