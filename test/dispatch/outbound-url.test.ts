/**
 * Webhook URLs may not reach the hub's own network (SSRF): the outbound rules of
 * core/dispatch/outbound-url.ts, at registration and at every send (DNS rebinding; the connection
 * goes to the address checked), plus redirects not followed and a response body read only up to a
 * bound. The same refusals over HTTP: webhook-registration.test.ts.
 *
 * This file runs with the default configuration: no host is excepted.
 */
import http from 'node:http';
import { addressRange, checkOutboundUrl, type OutboundPolicy, type Resolver } from '../../core/dispatch/outbound-url';
import { senderPass } from '../../core/dispatch/sender';
import { addWebhook } from '../../core/dispatch/webhooks';
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { attemptsOfDocument } from '../../db/repositories/dispatch';
import { dispatchStage } from '../../workers/dispatch/stage';
import { FAST, fixtureWebhook, renderedDocument, silent, startReceiver, tempEnv, waitFor, type Env } from './helpers';

delete process.env.EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS;

const NONE: OutboundPolicy = { allowHttpHosts: [] };
/** A resolver that answers from a table (names it does not know do not resolve). */
const table = (t: Record<string, string[]>): Resolver => async (host) => {
  const a = t[host];
  if (a === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return a.map((address) => ({ address, family: address.includes(':') ? 6 as const : 4 as const }));
};
const refusal = async (raw: string, policy: OutboundPolicy = NONE, when: 'register' | 'send' = 'register'): Promise<string> => {
  try {
    await checkOutboundUrl(raw, policy, when);
    return 'accepted';
  } catch (err) {
    return (err as { slug?: string }).slug ?? String(err);
  }
};

describe('address ranges', () => {
  test.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'], ['239.1.1.1', 'multicast'], ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'],
    ['100.64.0.1', 'shared'], ['100.127.255.254', 'shared'], ['192.0.0.8', 'protocol'], ['198.18.0.1', 'benchmarking'], ['198.19.255.1', 'benchmarking'],
    ['192.0.2.1', 'documentation'], ['2001:db8::1', 'documentation'], ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'loopback'], ['::8.8.8.8', 'reserved'], ['64:ff9b::a9fe:a9fe', 'link-local'], ['2002:7f00:1::', 'loopback'], ['2001::1', 'reserved'],
    ['8.8.8.8', 'public'], ['93.184.215.14', 'public'], ['100.128.0.1', 'public'], ['172.32.0.1', 'public'], ['::ffff:8.8.8.8', 'public'], ['2a00:1450:4001::200e', 'public'],
  ])('%s is %s', (ip, range) => {
    expect(addressRange(ip)).toBe(range);
  });
});

describe('the outbound URL check', () => {
  test('registration refuses internal addresses and plain http by default', async () => {
    for (const url of [
      'http://127.0.0.1:6401/', 'http://169.254.169.254/latest/meta-data/', 'http://localhost:8080/api/v1/tokens', 'http://erp.example.lu/hook',
      'https://127.0.0.1/', 'https://127.1/', 'https://2130706433/', 'https://0x7f000001/', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:a9fe:a9fe]/',
      'https://10.0.0.1/', 'https://172.16.5.4/', 'https://192.168.0.10/', 'https://169.254.169.254/', 'https://0.0.0.0/', 'https://100.64.0.1/',
      'https://192.0.0.1/', 'https://198.18.0.1/', 'https://224.0.0.251/', 'https://[fd00::1]/', 'https://[fe80::1]/', 'https://[ff02::1]/', 'https://[::]/',
      'https://localhost/', 'https://api.localhost/',
    ]) expect([url, await refusal(url)]).toEqual([url, 'url-not-allowed']);
    for (const url of ['ftp://x', 'https://u:p@erp.example/', 'not a url', 'https://']) expect([url, await refusal(url)]).toEqual([url, 'bad-url']);
    // a name is judged by every address it resolves to
    const policy = { allowHttpHosts: [], resolve: table({ 'erp.example.lu': ['93.184.215.14', '10.0.0.7'], 'ok.example.lu': ['93.184.215.14', '2a00:1450:4001::200e'] }) };
    expect(await refusal('https://erp.example.lu/hook', policy)).toBe('url-not-allowed');
    expect(await refusal('https://ok.example.lu/hook', policy)).toBe('accepted');
    expect(await refusal('https://93.184.215.14/hook')).toBe('accepted');
    // a name that does not resolve yet reaches nothing: accepted at registration, not at a send
    expect(await refusal('https://nowhere.invalid/hook', { ...policy })).toBe('accepted');
    await expect(checkOutboundUrl('https://nowhere.invalid/hook', policy, 'send')).rejects.toThrow(/ENOTFOUND/);
  });

  test('the Authority\'s exception: a named host may use http and private addresses; loopback only when the name is a loopback one', async () => {
    const resolve = table({ 'erp.intern.example': ['10.20.30.40'], 'rebound.intern.example': ['127.0.0.1'], 'meta.intern.example': ['169.254.169.254'], localhost: ['127.0.0.1'] });
    const policy = { allowHttpHosts: ['ERP.intern.example', 'rebound.intern.example', 'meta.intern.example', '127.0.0.1', 'localhost', '[::1]'], resolve };
    expect(await refusal('http://erp.intern.example/hook', policy)).toBe('accepted');
    expect(await refusal('http://127.0.0.1:6401/', policy)).toBe('accepted');
    expect(await refusal('http://[::1]:9/', policy)).toBe('accepted');
    expect(await refusal('http://localhost:9/', policy)).toBe('accepted');
    expect(await refusal('http://rebound.intern.example/', policy)).toBe('url-not-allowed'); // a name that is not a loopback name
    expect(await refusal('http://meta.intern.example/', policy)).toBe('url-not-allowed'); // link-local: never
    expect(await refusal('http://127.0.0.2/', policy)).toBe('url-not-allowed'); // another host than the one named
    expect(await refusal('http://other.example/', policy)).toBe('url-not-allowed');
  });
});

describe('the sender checks again at every attempt', () => {
  let env: Env;
  beforeEach(async () => { env = await tempEnv('outbound'); });
  afterEach(async () => { await env.close(); });

  test('DNS rebinding: public at registration, loopback at the send → refused, nothing is sent', async () => {
    const rx = await startReceiver(() => 204);
    try {
      let answer = '93.184.215.14';
      const resolve: Resolver = async (host) => (host === 'hooks.rebind.example' ? [{ address: answer, family: 4 }] : []);
      const hook = await addWebhook(env.store, 'min-a', `https://hooks.rebind.example:${rx.port}/hooks/einvoice`, { actor: 'test', now: new Date(), policy: { allowHttpHosts: [], resolve } });
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      answer = '127.0.0.1';
      const [sent] = await senderPass(env.store, { ...FAST, outbound: { allowHttpHosts: [], resolve } }, { logger: silent });
      expect(sent?.result).toMatchObject({ outcome: 'refused', status: 'dead' });
      expect(sent?.result.error).toMatch(/^blocked: .*127\.0\.0\.1.*loopback/);
      expect(rx.received).toHaveLength(0);
      expect((await deliveriesOf(env.store, [id]))[0]).toMatchObject({ webhookId: hook.id, status: 'dead' });
    } finally { await rx.close(); }
  });

  test('a URL registered before the rules (plain http to 127.0.0.1) is refused at the send', async () => {
    const rx = await startReceiver(() => 204);
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      const [sent] = await senderPass(env.store, { ...FAST, outbound: { allowHttpHosts: [] } }, { logger: silent });
      expect(sent?.result).toMatchObject({ outcome: 'refused', status: 'dead' });
      expect(rx.received).toHaveLength(0);
    } finally { await rx.close(); }
  });

  test('the connection goes to the address checked, not to a second resolution of the name', async () => {
    const rx = await startReceiver(() => 204, '127.0.0.2'); // the system resolves localhost to 127.0.0.1 / ::1, where nothing listens on this port
    try {
      const policy: OutboundPolicy = { allowHttpHosts: ['localhost'], resolve: async () => [{ address: '127.0.0.2', family: 4 }] };
      await fixtureWebhook(env, 'min-a', `http://localhost:${rx.port}/hooks/einvoice`, 's');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      const [sent] = await senderPass(env.store, { ...FAST, outbound: policy }, { logger: silent });
      expect(sent?.result).toMatchObject({ outcome: 'delivered', status: 'delivered' });
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0]!.headers.host).toBe(`localhost:${rx.port}`);
    } finally { await rx.close(); }
  });

  test('a redirect is not followed (a refusal), a response body is read only up to a bound', async () => {
    const target = await startReceiver(() => 204);
    let closed = false;
    const endless = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/redirect') { res.writeHead(307, { Location: target.url }); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => { while (!closed && res.write(chunk)); };
      res.on('drain', pump);
      res.on('close', () => { closed = true; });
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    const port = (endless.address() as { port: number }).port;
    try {
      await fixtureWebhook(env, 'min-a', `http://127.0.0.1:${port}/redirect`, 's');
      await fixtureWebhook(env, 'min-b', `http://127.0.0.1:${port}/endless`, 's');
      const redirected = await renderedDocument(env, 'min-a');
      const streamed = await renderedDocument(env, 'min-b');
      await dispatchStage(redirected, env.deps);
      await dispatchStage(streamed, env.deps);
      const results = await senderPass(env.store, { ...FAST, timeoutMs: 10_000, outbound: { allowHttpHosts: ['127.0.0.1'] } }, { logger: silent });
      const of = (id: string): unknown => results.find((r) => r.delivery.documentId === id)?.result;
      expect(of(redirected)).toMatchObject({ outcome: 'refused', httpStatus: 307, status: 'dead' });
      expect(target.received).toHaveLength(0);
      expect(of(streamed)).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
      expect((await attemptsOfDocument(env.store.db, streamed))[0]!.durationMs).toBeLessThan(10_000);
      await waitFor('the receiver sees the connection dropped', () => closed, 5000);
    } finally {
      endless.closeAllConnections();
      await new Promise<void>((r) => endless.close(() => r()));
      await target.close();
    }
  });
});
