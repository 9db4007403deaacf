/**
 * Webhook registration over HTTP refuses URLs that reach the hub's own network (SSRF): a body token
 * (and the Authority) registering Redis, the cloud metadata service, the hub's own API or plain http
 * gets a 422 problem `url-not-allowed` and nothing is stored (core/dispatch/outbound-url.ts).
 *
 * This file runs with the default configuration: no host is excepted.
 */
import { startTestServer, type TestServer } from '../pipeline/helpers';
import { tempEnv, type Env } from './helpers';

delete process.env.EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS;

describe('registration over HTTP refuses internal URLs (422)', () => {
  let env: Env;
  let srv: TestServer;
  let token: string;
  beforeAll(async () => {
    env = await tempEnv('outbound-http');
    srv = await startTestServer(env.store);
    const r = await fetch(`${srv.url}/api/v1/bodies/min-a/tokens`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret' } });
    token = String(((await r.json()) as { token: string }).token);
  });
  afterAll(async () => { await srv.close(); await env.close(); });

  test('a body token cannot register Redis, the metadata service, the hub itself, or plain http', async () => {
    const hubPort = new URL(srv.url).port;
    for (const url of [
      'http://127.0.0.1:6401/', 'http://169.254.169.254/latest/meta-data/', `http://localhost:${hubPort}/api/v1/tokens`, `https://127.0.0.1:${hubPort}/api/v1/tokens`,
      'https://[::ffff:127.0.0.1]/', 'https://0.0.0.0/', 'https://100.64.0.1/', 'https://192.0.0.1/', 'https://198.18.0.1/', 'https://[fd00::1]/', 'http://erp.example.lu/hook',
    ]) {
      const r = await fetch(`${srv.url}/inbox/v1/webhooks`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url }) });
      expect([url, r.status]).toEqual([url, 422]);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      const p = await r.json() as { type: string; detail: string };
      expect(p.type).toBe('/problems/url-not-allowed');
      expect(p.detail).toMatch(/HTTPS only|public addresses only/);
    }
    // the Authority's own route follows the same rules
    const byAuthority = await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:6401/' }) });
    expect(byAuthority.status).toBe(422);
    // nothing was registered
    const list = await (await fetch(`${srv.url}/inbox/v1/webhooks`, { headers: { Authorization: `Bearer ${token}` } })).json() as { webhooks: unknown[] };
    expect(list.webhooks).toEqual([]);
    // a public https URL is still registered
    const ok = await fetch(`${srv.url}/inbox/v1/webhooks`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: 'https://93.184.215.14/hook' }) });
    expect(ok.status).toBe(201);
  });
});
