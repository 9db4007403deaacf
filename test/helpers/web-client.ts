/** A minimal browser for server-rendered pages: keeps cookies, remembers the last HTML page and its CSRF token, follows no redirects. */
export class WebClient {
  cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string, readonly lang = 'en') {}

  protected cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  /** One request with the session's cookies; `retryOnce` repeats it once if the connection is reset (idempotent requests only). */
  async request(method: string, p: string, o: { body?: FormData | URLSearchParams | string; headers?: Record<string, string>; retryOnce?: boolean } = {}): Promise<{ status: number; text: string; location: string | null; res: Response }> {
    const init = { method, body: o.body, headers: { cookie: this.cookieHeader(), 'accept-language': this.lang, ...o.headers }, redirect: 'manual' as const };
    const res = await fetch(this.base + p, init).catch((err: unknown) => (o.retryOnce ? fetch(this.base + p, init) : Promise.reject(err)));
    this.keep(res);
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = text;
    return { status: res.status, text, location: res.headers.get('location'), res };
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m?.[1]) throw new Error('no CSRF token on the last page');
    return m[1];
  }
}
