import type { FastifyInstance } from 'fastify';
import { Feed } from 'feed';
import { listPublicCorrections, listPublicRefs, listPublicServiceSlugs, listPublications } from '../../store/register-repo.ts';
import { escapeHtml, ratingLabel, SERVICE_NAME } from '../view-helpers.ts';

/** Public and cached; the page reads nothing from the query string, so every query shares one entry. */
const cached = { config: { auth: 'public', cache: true, cacheQuery: [] } } as const;

/** Atom feed of publications and corrections, and a sitemap: public surfaces, so both obey the embargo. */
export async function feedRoutes(app: FastifyInstance): Promise<void> {
  app.get('/feed.atom', cached, async (_req, reply) => {
    const now = app.deps.now();
    const db = app.deps.database.db;
    const [pubs, fixes] = await Promise.all([listPublications(db, now), listPublicCorrections(db, now)]);
    const base = app.publicBaseUrl;
    const feed = new Feed({
      title: `${SERVICE_NAME}: publications and corrections`,
      id: `${base}/feed.atom`,
      link: `${base}/`,
      language: 'en-GB',
      copyright: 'Open data from published inspection reports',
      updated: [...pubs.map((p) => p.publishedAt!), ...fixes.map((f) => f.createdAt)].sort((a, b) => b.getTime() - a.getTime())[0] ?? new Date(0),
      feedLinks: { atom: `${base}/feed.atom` },
    });
    for (const p of pubs) {
      feed.addItem({
        title: `${p.serviceName}: ${p.overall ? `rated ${ratingLabel(p.overall)}` : (p.title ?? 'inspection published')}`,
        id: `${base}/inspections/${p.ref}`,
        link: `${base}/inspections/${p.ref}`,
        date: p.publishedAt!,
        published: p.publishedAt!,
        description: `${p.title ?? 'Inspection'} of ${p.serviceName} published.`,
      });
    }
    for (const c of fixes) {
      feed.addItem({ title: `Correction: ${c.serviceName}`, id: `${base}/inspections/${c.ref}#correction-${c.id}`, link: `${base}/inspections/${c.ref}#corrections`, date: c.createdAt, description: c.note });
    }
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(feed.atom1());
  });

  app.get('/sitemap.xml', cached, async (_req, reply) => {
    const now = app.deps.now();
    const db = app.deps.database.db;
    const base = app.publicBaseUrl;
    const [refs, slugs] = await Promise.all([listPublicRefs(db, now), listPublicServiceSlugs(db, now)]);
    const urls = ['/', '/services', '/frameworks', ...slugs.map((s) => `/services/${s.slug}`), ...refs.map((r) => `/inspections/${r.ref}`)];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `  <url><loc>${escapeHtml(base + u)}</loc></url>`).join('\n')}\n</urlset>\n`;
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });
}
