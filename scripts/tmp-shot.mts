import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/chr-'), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'], viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
for (const [u, f] of process.argv.slice(2).map(a => a.split('|'))) {
  await page.goto('http://127.0.0.1:3111' + u);
  await page.screenshot({ path: f, fullPage: true });
}
await ctx.close();
