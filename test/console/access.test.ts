/**
 * Staff access: accounts via the bootstrap admin token, argon2id hashes, sessions, login throttling,
 * and roles enforced on EVERY console route (the table CONSOLE_ROUTES, walked here).
 */
import { eq } from 'drizzle-orm';
import { saveBodies } from '../../db/directory/store';
import { body } from '../directory/helpers';
import { staffAudit, staffUsers } from '../../db/schema';
import { CONSOLE_ROUTES } from '../../services/console';
import { createStaffSession, staffSessionOf, type Role } from '../../services/console/staff';
import { ADMIN, adminApi, Client, PASSWORD, seedDocument, staffClient, startConsoleHub, type ConsoleHub } from './helpers';

let hub: ConsoleHub;
let clients: Record<Role, Client>;
let docId: string;

beforeAll(async () => {
  hub = await startConsoleHub('access');
  // the route table is filled when the router is built (createApp did it)
  clients = {
    viewer: await staffClient(hub, 'vera', 'viewer'),
    operator: await staffClient(hub, 'otto', 'operator'),
    administrator: await staffClient(hub, 'ada', 'administrator'),
  };
  const dirOk = saveBodies(hub.deps.db, [body('min-access')], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!dirOk.ok) throw new Error('directory fixture');
  docId = seedDocument(hub, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-01' }] });
});
afterAll(async () => { await hub.stop(); });

const RANK: Role[] = ['viewer', 'operator', 'administrator'];

function concrete(path: string): string {
  if (path.startsWith('/console/directory/bodies/')) return path.replace(':id', 'min-access');
  return path.replace(':queue', 'rejected').replace(':id', docId).replace(':seat', 'PBE000123').replace(':chart', 'summary.csv').replace(':action', 'handled');
}

describe('roles on every console route', () => {
  it('has a role for every route and covers pages, actions and the API', () => {
    const routes = CONSOLE_ROUTES.filter((r, i, a) => a.findIndex((x) => x.method === r.method && x.path === r.path) === i);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => r.role === null).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['get /console/login', 'post /console/login']);
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
    const token = tok.status === 201 ? ((await tok.json()) as { token: string }).token : null;
    if (token !== null) expect((await fetch(`${hub.url}/console/api/queues`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
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
  it('stores argon2id hashes only and audits account creation', () => {
    const u = hub.deps.db.select().from(staffUsers).where(eq(staffUsers.login, 'vera')).get();
    expect(u?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(u?.passwordHash).not.toContain(PASSWORD);
    const a = hub.deps.db.select().from(staffAudit).where(eq(staffAudit.target, 'staff:vera')).all().map((x) => x.action);
    expect(a).toEqual(expect.arrayContaining(['staff-create', 'login']));
  });

  it('refuses weak or duplicate accounts', async () => {
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'x1', name: 'X', role: 'viewer', password: 'short' })).status).toBe(400);
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'vera', name: 'X', role: 'viewer', password: PASSWORD })).status).toBe(400);
    expect((await adminApi(hub, 'POST', '/console/api/staff', { login: 'x2', name: 'X', role: 'king', password: PASSWORD })).status).toBe(400);
  });

  it('sessions expire', () => {
    const u = hub.deps.db.select().from(staffUsers).where(eq(staffUsers.login, 'vera')).get()!;
    const now = new Date();
    const s = createStaffSession(hub.deps.db, u.id, 60_000, now);
    expect(staffSessionOf(hub.deps.db, s.cookie, new Date(now.getTime() + 59_000))?.user.login).toBe('vera');
    expect(staffSessionOf(hub.deps.db, s.cookie, new Date(now.getTime() + 60_000))).toBeNull();
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
    const a = hub.deps.db.select().from(staffAudit).where(eq(staffAudit.target, 'staff:tim')).all().map((x) => x.action);
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
    expect(hub.deps.db.select().from(staffUsers).where(eq(staffUsers.login, 'paul')).get()?.role).toBe('viewer');
    expect((await paul.get('/console/staff')).status).toBe(403);
    await admin.get('/console/staff');
    expect((await admin.post('/console/staff/paul/disable', {})).status).toBe(200);
    expect((await paul.get('/console/')).status).toBe(303); // its session ended
    expect(await new Client(hub.url).login('paul')).toBe(401);
    const actions = hub.deps.db.select().from(staffAudit).where(eq(staffAudit.target, 'staff:paul')).all().map((a) => [a.action, a.actor]);
    expect(actions).toEqual(expect.arrayContaining([['staff-create', 'staff:ada'], ['staff-role', 'staff:ada'], ['staff-disable', 'staff:ada']]));
    const log = await admin.get('/console/audit');
    expect(log.text).toContain('staff-disable');
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
