import { z } from 'zod';
import {
  getServiceBySlug,
  listPublicCorrections,
  listPublicRefs,
  listPublicServiceSlugs,
  listPublications,
} from '../../store/register-repo.ts';
import { escapeHtml, ratingLabel, SERVICE_NAME } from '../view-helpers.ts';
import { Slug, type RoutesPlugin } from '../validation.ts';

/** Public and cached; the page reads nothing from the query string, so every query shares one entry. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [] } } as const;

/** Escaped text with the characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates) made U+FFFD. */
const NOT_XML = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);
const ServiceParams = z.object({ slug: Slug });

const xmlText = (s: string) => escapeHtml(s.replace(NOT_XML, '\uFFFD'));

interface AtomEntry {
  title: string;
  id: string;
  link: string;
  updated: Date;
  published?: Date;
  summary: string;
}

/**
 * The Atom document, written here rather than by a feed library: titles and summaries are
 * plain text (type="text"), escaped like any other XML text, so a service name or correction
 * note can carry "<", "&" or "]]>" and still be shown as written, never as markup.
 */
function atomFeed(f: { title: string; id: string; home: string; updated: Date; entries: AtomEntry[] }): string {
  const x = xmlText;
  const entry = (e: AtomEntry) =>
    [
      '  <entry>',
      `    <title type="text">${x(e.title)}</title>`,
      `    <id>${x(e.id)}</id>`,
      `    <link rel="alternate" type="text/html" href="${x(e.link)}"/>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      ...(e.published ? [`    <published>${e.published.toISOString()}</published>`] : []),
      `    <summary type="text">${x(e.summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `  <id>${x(f.id)}</id>`,
    `  <title type="text">${x(f.title)}</title>`,
    `  <updated>${f.updated.toISOString()}</updated>`,
    `  <author><name>${x(SERVICE_NAME)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(f.id)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(f.home)}"/>`,
    '  <rights type="text">Open data from published inspection reports</rights>',
    ...f.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}

/** An entry for one publication; the title leads with the service, which a reader of several feeds needs. */
function publicationEntry(base: string, p: Awaited<ReturnType<typeof listPublications>>[number]): AtomEntry {
  return {
    title: p.overall
      ? `${p.serviceName}: rated ${ratingLabel(p.overall)}`
      : `${p.serviceName}: ${p.title ?? 'inspection published'}`,
    id: `${base}/inspections/${p.ref}`,
    link: `${base}/inspections/${p.ref}`,
    updated: p.publishedAt!,
    published: p.publishedAt!,
    summary: `${p.title ?? 'Inspection'} of ${p.serviceName} published.`,
  };
}

/**
 * The press release of a publication, as an entry of its own: it goes public with the report (the
 * same public read), so it can never reach a feed before the report does.
 */
function pressReleaseEntry(base: string, p: Awaited<ReturnType<typeof listPublications>>[number]): AtomEntry[] {
  if (p.releaseHeadline === null) return [];
  const link = `${base}/inspections/${p.ref}/press-release`;
  return [
    {
      title: `${p.serviceName}: press release`,
      id: link,
      link,
      updated: p.publishedAt!,
      published: p.publishedAt!,
      summary: p.releaseHeadline,
    },
  ];
}

/**
 * A feed's `updated` is its newest entry's; a feed with no entry yet (a service whose records have
 * no known publication date) was last changed when the register last changed what it lists.
 */
const newest = (entries: AtomEntry[], otherwise: Date) =>
  entries.map((e) => e.updated).sort((a, b) => b.getTime() - a.getTime())[0] ?? otherwise;

/** Atom feeds (the site's and each service's), and a sitemap: public surfaces, so all obey the embargo. */
export const feedRoutes: RoutesPlugin = async (app) => {
  app.get('/feed.atom', cached, async (_req, reply) => {
    const now = app.deps.now();
    const db = app.deps.database.db;
    const [pubs, fixes] = await Promise.all([listPublications(db, now), listPublicCorrections(db, now)]);
    const base = app.publicBaseUrl;
    const entries: AtomEntry[] = [
      ...pubs.map((p) => publicationEntry(base, p)),
      ...fixes.map((c) => ({
        title: `Correction: ${c.serviceName}`,
        id: `${base}/inspections/${c.ref}#correction-${c.id}`,
        link: `${base}/inspections/${c.ref}#corrections`,
        updated: c.createdAt,
        summary: c.note,
      })),
    ];
    const updated = newest(entries, now);
    const title = `${SERVICE_NAME}: publications and corrections`;
    const body = atomFeed({ title, id: `${base}/feed.atom`, home: `${base}/`, updated, entries });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);
  });

  // One service's publications, for a reader who follows that service only. It exists
  // exactly when the service's public page does, so an embargoed first inspection of a service
  // leaves no feed behind it either.
  app.get('/services/:slug/feed.atom', { schema: { params: ServiceParams }, ...cached }, async (req, reply) => {
    const now = app.deps.now();
    const db = app.deps.database.db;
    const found = await getServiceBySlug(db, req.params.slug, now);
    if (!found) return reply.callNotFound();
    const { service } = found;
    const base = app.publicBaseUrl;
    const home = `${base}/services/${service.slug}`;
    const entries = (await listPublications(db, now, 50, service.id)).flatMap((p) => [
      publicationEntry(base, p),
      ...pressReleaseEntry(base, p),
    ]);
    const title = `${SERVICE_NAME}: inspections of ${service.name}`;
    const body = atomFeed({
      title,
      id: `${home}/feed.atom`,
      home,
      updated: newest(entries, service.updatedAt),
      entries,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);
  });

  app.get('/sitemap.xml', cached, async (_req, reply) => {
    const now = app.deps.now();
    const db = app.deps.database.db;
    const base = app.publicBaseUrl;
    const [refs, slugs] = await Promise.all([listPublicRefs(db, now), listPublicServiceSlugs(db, now)]);
    const urls = [
      '/',
      '/services',
      '/frameworks',
      '/thematic-inspections',
      ...slugs.map((s) => `/services/${s.slug}`),
      ...refs.flatMap((r) => [
        `/inspections/${r.ref}`,
        ...(r.hasRelease ? [`/inspections/${r.ref}/press-release`] : []),
      ]),
    ];
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      urls.map((u) => `  <url><loc>${xmlText(base + u)}</loc></url>`).join('\n'),
      '</urlset>',
      '',
    ].join('\n');
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });
};
