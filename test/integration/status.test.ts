import * as cheerio from 'cheerio';
import { describe, expect } from 'vitest';
import { appTest } from '../helpers/app.ts';

const test = appTest();

describe('service status', () => {
  test('the footer links people to a status page; /health stays JSON for machines', async ({ app }) => {
    const home = cheerio.load((await app.inject({ method: 'GET', url: '/' })).body);
    expect(home('footer a:contains("Service status")').attr('href')).toBe('/status');
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.headers['content-type']).toMatch(/application\/json/);
    expect(health.json()).toEqual({ status: 'UP' });

    const res = await app.inject({ method: 'GET', url: '/status' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const $ = cheerio.load(res.body);
    expect($('h1').text()).toBe('Service status');
    expect($('#status-summary').text()).toContain('The register is working');
    // No mail server in this configuration: subscribers are told alerts are held.
    expect($('#known-issues').text()).toContain('Email alerts are not being sent');
    expect($('#freshness').text()).toContain('Latest publication');
  });

  test('shows the latest publication and the known issue the configuration gives', async ({ build, makeApp }) => {
    const service = await build.service();
    const app = await makeApp({ statusNotice: 'Reports from 2014 are being checked.', smtpUrl: 'smtp://mail.test:25' });
    const $ = cheerio.load((await app.inject({ method: 'GET', url: '/status' })).body);
    expect($('#known-issues').text()).toContain('Reports from 2014 are being checked.');
    expect($('#known-issues').text()).not.toContain('Email alerts');
    expect($('#freshness').text()).toContain(service.name);
  });

  test('gives a sourced publication its day only, and a workflow publication its time', async ({ build, makeApp }) => {
    await build.service();
    const app = await makeApp();
    const latest = async () => cheerio.load((await app.inject({ method: 'GET', url: '/status' })).body)('#freshness');
    // The builder's record is taken from sources that give only the day (stored at 00:01).
    const sourced = (await latest()).text();
    expect(sourced).toContain('4 June 2019');
    expect(sourced).not.toContain('00:01');
    await build.inspection({ status: 'published', publishAt: new Date('2026-10-01T03:31:00Z') });
    const own = (await latest()).text();
    expect(own).toContain('1 October 2026 at 04:31');
  });

  test('says when the register cannot reach its data, with 503', async ({ database, makeApp }) => {
    const app = await makeApp();
    const ping = database.ping;
    database.ping = async () => false;
    try {
      const res = await app.inject({ method: 'GET', url: '/status' });
      expect(res.statusCode).toBe(503);
      expect(cheerio.load(res.body)('#status-summary').text()).toContain('cannot reach its data');
    } finally {
      database.ping = ping;
    }
  });
});
