/**
 * Staff access: accounts via the bootstrap admin token, argon2id hashes, sessions, login throttling,
 * and roles enforced on EVERY console route (the declared table CONSOLE_ROUTES, walked here).
 */
import { createStaffSession, staffSessionOf, type Role } from '../../core/accounts/staff';
import { staffByLogin } from '../../db/repositories/accounts';
import { CONSOLE_ROUTES } from '../../services/console';
import { body, save } from '../directory/helpers';
import { ADMIN, adminApi, auditRows, Client, PASSWORD, seedDocument, staffClient, startConsoleHub, type ConsoleHub } from './helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

let hub: ConsoleHub;
let clients: Record<Role, Client>;
let docId: string;

beforeAll(async () => {
  hub = await startConsoleHub('access');
  clients = {
    viewer: await staffClient(hub, 'vera', 'viewer'),
    operator: await staffClient(hub, 'otto', 'operator'),
    administrator: await staffClient(hub, 'ada', 'administrator'),
  };
  await save(hub.store, [body('min-access')], '2020-01-01');
  docId = await seedDocument(hub.store, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01' }] });
});
afterAll(async () => { await hub.stop(); });

const RANK: Role[] = ['viewer', 'operator', 'administrator'];

function concrete(path: string): string {
  if (path.startsWith('/console/directory/bodies/')) return path.replace(':id', 'min-access');
  return path.replace(':queue', 'rejected').replace(':id', docId).replace(':seat', 'PBE000123').replace(':chart', 'summary.csv').replace(':action', 'handled');
}

describe('roles on every console route', () => {
  it('the table is declared once: one entry per route, a role for each, only the login public', () => {
    const keys = CONSOLE_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(CONSOLE_ROUTES.length).toBeGreaterThan(25);
    expect(CONSOLE_ROUTES.every((r) => typeof r.handler === 'function')).toBe(true);
    expect(CONSOLE_ROUTES.filter((r) => r.role === null).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['get /console/login', 'post /console/login']);
  });

  it('without a session: pages redirect to the login, the API answers 401', async () => {
    const anon = new Client(hub.url);
    for (const r of CONSOLE_ROUTES) {
      if (r.role === null) continue;
      const res = await anon.req(r.method.toUpperCase(), concrete(r.path), r.method === 'get' ? undefined : '{}', { 'content-type': 'application/json' });
      if (r.path.startsWith('/console/api/')) expect([r.path, res.status]).toEqual([r.path, 401]);
      else {
        expect([r.path, res.status]).toEqual([r.path, 303]);
        expect(res.location).toMatch(/^\/console\/login\?next=/);
      }
    }
  });

  it('a role below the one needed gets 403; the one needed (or above) passes the guard', async () => {
    for (const r of CONSOLE_ROUTES) {
      if (r.role === null) continue;
      const need = RANK.indexOf(r.role);
      for (const role of RANK) {
        const c = clients[role];
        if (RANK.indexOf(role) < need) {
          const res = await c.req(r.method.toUpperCase(), concrete(r.path), r.method === 'get' ? undefined : '{}', { 'content-type': 'application/json' });
          expect([r.method, r.path, role, res.status]).toEqual([r.method, r.path, role, 403]);
        } else if (r.method === 'get') {
          const res = await c.get(concrete(r.path));
          // 200, or 404 where the seeded document has no such file (PDF, MLS): never a login or role refusal
          expect([r.path, role, res.status]).toEqual([r.path, role, /\/(pdf|mls)$/.test(r.path) ? 404 : 200]);
        }
      }
    }
  });

  it('the authority bearer token counts as administrator; other tokens are refused', async () => {
    expect((await adminApi(hub, 'GET', '/console/api/audit')).status).toBe(200);
    const tok = await fetch(`${hub.url}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ap', scope: 'access-point' }) });
    expect(tok.status).toBe(201);
    const token = ((await tok.json()) as { token: string }).token;
    expect((await fetch(`${hub.url}/console/api/queues`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${hub.url}/console/api/queues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('JSON posts with a session need the CSRF header', async () => {
    const c = clients.operator;
    await c.get('/console/');
    const without = await c.req('POST', `/console/api/documents/${docId}/actions/handled`, JSON.stringify({ reason: 'x' }), { 'content-type': 'application/json' });
    expect(without.status).toBe(403);
    const withCsrf = await c.req('POST', `/console/api/documents/${docId}/actions/handled`, JSON.stringify({ reason: 'seen' }), { 'content-type': 'application/json', 'x-csrf-token': c.csrf() });
    expect(withCsrf.status).toBe(200);
  });
});

describe('accounts, sessions, throttling', () => {
  it('stores argon2id hashes only and audits account creation', async () => {
    const u = await staffByLogin(hub.store.db, 'vera');
    expect(u?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(u?.passwordHash).not.toContain(PASSWORD);
    const a = (await auditRows(hub.store, { target: 'staff:vera' })).map((x) => x.action);
    expect(a).toEqual(expect.arrayContaining(['staff-create', 'login']));
  });

  it('refuses weak or duplicate accounts', async () => {
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'x1', name: 'X', role: 'viewer', password: 'short' })).status).toBe(400);
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'vera', name: 'X', role: 'viewer', password: PASSWORD })).status).toBe(400);
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'x2', name: 'X', role: 'king', password: PASSWORD })).status).toBe(400);
  });

  it('sessions expire', async () => {
    const u = (await staffByLogin(hub.store.db, 'vera'))!;
    const now = new Date();
    const s = await createStaffSession(hub.store, u.id, 60_000, now);
    expect((await staffSessionOf(hub.store, s.cookie, new Date(now.getTime() + 59_000)))?.user.login).toBe('vera');
    expect(await staffSessionOf(hub.store, s.cookie, new Date(now.getTime() + 60_000))).toBeNull();
  });

  it('logout ends the session', async () => {
    await adminApi(hub, 'POST', '/console/api/staff', { login: 'lou', name: 'Lou', role: 'viewer', password: PASSWORD });
    const c = new Client(hub.url);
    expect(await c.login('lou')).toBe(303);
    expect((await c.get('/console/')).status).toBe(200);
    expect((await c.post('/console/logout', {})).status).toBe(303);
    expect((await c.get('/console/')).status).toBe(303);
  });

  it('locks a login after 5 failures, even with the right password afterwards; audited', async () => {
    await adminApi(hub, 'POST', '/console/api/staff', { login: 'tim', name: 'Tim', role: 'viewer', password: PASSWORD });
    const c = new Client(hub.url);
    for (let i = 0; i < 5; i++) expect(await c.login('tim', 'wrong password!!')).toBe(401);
    expect(await c.login('tim')).toBe(429);
    expect(c.lastHtml).toContain('Too many attempts');
    const a = (await auditRows(hub.store, { target: 'staff:tim' })).map((x) => x.action);
    expect(a.filter((x) => x === 'login-failed')).toHaveLength(5);
    expect(a).toContain('login-locked');
    expect(a).not.toContain('login');
  });

  it('an unknown login fails like a wrong password', async () => {
    const c = new Client(hub.url);
    expect(await c.login('nobody-here')).toBe(401);
    expect(c.lastHtml).toContain('Wrong login or password.');
  });

  it('a login form without its CSRF token is refused', async () => {
    const c = new Client(hub.url);
    const res = await c.req('POST', '/console/login', new URLSearchParams({ login: 'vera', password: PASSWORD }));
    expect(res.status).toBe(403);
    expect(c.cookies.has('einvoice_console')).toBe(false);
  });

  it('after signing in, goes to the page asked for, never to another site', async () => {
    await adminApi(hub, 'POST', '/console/api/staff', { login: 'nina', name: 'Nina', role: 'viewer', password: PASSWORD });
    for (const [next, to] of [['/console/stats', '/console/stats'], ['//evil.example/console/', '/console/'], ['https://evil.example/', '/console/']] as const) {
      const c = new Client(hub.url);
      await c.get(`/console/login?next=${encodeURIComponent(next)}`);
      const res = await c.req('POST', `/console/login?next=${encodeURIComponent(next)}`, new URLSearchParams({ _csrf: c.csrf(), login: 'nina', password: PASSWORD }));
      expect([next, res.status, res.location]).toEqual([next, 303, to]);
    }
  });
});

describe('staff screens (administrators)', () => {
  it('creates and disables an account from the page; both audited; the disabled account cannot sign in', async () => {
    const admin = clients.administrator;
    await admin.get('/console/staff');
    const created = await admin.post('/console/staff', { login: 'paul', name: 'Paul <Ops>', email: 'paul@example.lu', role: 'operator', password: PASSWORD });
    expect(created.status).toBe(200);
    expect(created.text).toContain('Paul &lt;Ops&gt;');
    const weak = await admin.post('/console/staff', { login: 'weak', name: 'W', role: 'viewer', password: 'short' });
    expect(weak.status).toBe(400);
    const paul = new Client(hub.url);
    expect(await paul.login('paul')).toBe(303);
    await admin.get('/console/staff');
    expect((await admin.post('/console/staff/paul/role', { role: 'viewer' })).status).toBe(200);
    expect((await staffByLogin(hub.store.db, 'paul'))?.role).toBe('viewer');
    expect((await paul.get('/console/staff')).status).toBe(403);
    await admin.get('/console/staff');
    expect((await admin.post('/console/staff/paul/disable', {})).status).toBe(200);
    expect((await paul.get('/console/')).status).toBe(303); // its session ended
    expect(await new Client(hub.url).login('paul')).toBe(401);
    const actions = (await auditRows(hub.store, { target: 'staff:paul' })).map((a) => [a.action, a.actor]);
    expect(actions).toEqual(expect.arrayContaining([['staff-create', 'staff:ada'], ['staff-role', 'staff:ada'], ['staff-disable', 'staff:ada']]));
    const log = await admin.get('/console/audit');
    expect(log.text).toContain('staff-disable');
    // who did it: the staff member's name, not only the actor string
    expect(log.text).toContain('Staff ada');
  });
});

it('pages answer an HTML 404 for an unknown document, the API problem+json', async () => {
  const page = await clients.viewer.get('/console/documents/does-not-exist');
  expect(page.status).toBe(404);
  expect(page.res.headers.get('content-type')).toContain('text/html');
  const api = await clients.viewer.get('/console/api/documents/does-not-exist');
  expect(api.status).toBe(404);
  expect(api.res.headers.get('content-type')).toContain('application/problem+json');
});
