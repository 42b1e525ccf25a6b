import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A tiny cookie jar over app.inject, acting as one browser. */
export class Agent {
  cookies = new Map<string, string>();
  csrf = '';
  /** Extra request headers (X-Forwarded-For, Host...) and the socket address this browser uses. */
  headers: Record<string, string> = {};
  remoteAddress: string | undefined;
  constructor(readonly app: FastifyInstance) {}

  private header() {
    return { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  async get(url: string) {
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: this.header(), remoteAddress: this.remoteAddress }),
    );
  }
  /** Posts a form; the CSRF token from the last page seen is added unless `_csrf` is given. */
  async post(url: string, form: Record<string, string | string[]> = {}) {
    const body = new URLSearchParams();
    const all = { _csrf: this.csrf, ...form };
    for (const [k, v] of Object.entries(all)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { ...this.header(), 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: this.remoteAddress,
      }),
    );
  }
  async signIn(email: string, password = 'inspectorate-demo') {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${res.statusCode}`);
    await this.get('/workspace');
    return res;
  }
}
