import { gunzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { appTest } from '../helpers/app.ts';

const test = appTest();

/** A page with its CSRF tokens blanked: each rendering salts its tokens afresh. */
const withoutTokens = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');

describe('pages rendered for each request', () => {
  test('are gzipped for a client that accepts it, and sent as they are otherwise', async ({ build, signIn }) => {
    const lead = await signIn(await build.account('lead_inspector'));
    const headers = (extra: Record<string, string>) => ({
      cookie: [...lead.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...extra,
    });
    const plain = await lead.app.inject({ method: 'GET', url: '/workspace', headers: headers({}) });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);

    const zipped = await lead.app.inject({
      method: 'GET',
      url: '/workspace',
      headers: headers({ 'accept-encoding': 'gzip, deflate, br' }),
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    const html = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(withoutTokens(html)).toBe(withoutTokens(plain.body));
    expect(zipped.rawPayload.length).toBeLessThan(Buffer.byteLength(plain.body) / 2);

    const refused = await lead.app.inject({
      method: 'GET',
      url: '/workspace',
      headers: headers({ 'accept-encoding': 'gzip;q=0' }),
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  test('leave public cached pages to the page cache', async ({ app }) => {
    const res = await app.inject({ method: 'GET', url: '/services', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
