import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { createToken } from '../../core/accounts/tokens';
import { CSV_COLUMNS } from '../../core/directory/csv';
import { seedDirectory } from '../../fixtures/directory/seed';
import { bodiesRouter } from '../../services/api/bodies/router';
import { problemHandler } from '../../services/errors';
import { openTestStore, type TestStore } from '../helpers/store';
import { body, luVat } from './helpers';

const TOKEN = 'test-admin-token-directory';

interface Client {
  base: string;
  call: (method: string, path: string, opts?: { json?: unknown; csv?: string; token?: string | null; headers?: Record<string, string> }) => Promise<{ status: number; body: unknown; text: string; headers: Headers }>;
}

function startServer(t: TestStore, clock: () => Date = () => new Date()): Promise<{ server: Server; client: Client }> {
  const app = express();
  app.use(bodiesRouter({ store: t, adminToken: TOKEN, clock }));
  app.use(problemHandler(pino({ level: 'silent' })));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const call: Client['call'] = async (method, path, opts = {}) => {
        const headers: Record<string, string> = { ...(opts.headers ?? {}) };
        if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
        let payload: string | undefined;
        if (opts.json !== undefined) {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(opts.json);
        } else if (opts.csv !== undefined) {
          headers['content-type'] = headers['content-type'] ?? 'text/csv';
          payload = opts.csv;
        }
        const res = await fetch(base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
        const text = await res.text();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        return { status: res.status, body: parsed, text, headers: res.headers };
      };
      resolve({ server, client: { base, call } });
    });
  });
}

type Json = Record<string, unknown> & { errors?: { row?: number; field: string; message: string; id?: string }[] };

describe('bodies API', () => {
  let t: TestStore;
  let server: Server;
  let c: Client;
  beforeAll(async () => {
    t = await openTestStore('dir-api');
    ({ server, client: c } = await startServer(t));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  test('Authority scope: no token → 401, bad token → 401; the public lookup needs none', async () => {
    expect((await c.call('GET', '/api/v1/bodies', { token: null })).status).toBe(401);
    expect((await c.call('GET', '/api/v1/bodies', { token: 'nope' })).status).toBe(401);
    expect((await c.call('POST', '/api/v1/bodies', { token: null, json: body('x') })).status).toBe(401);
    expect((await c.call('GET', '/api/v1/bodies/export', { token: null })).status).toBe(401);
    expect((await c.call('POST', '/api/v1/bodies/import', { token: null, csv: 'id\n' })).status).toBe(401);
    const bodyToken = (await createToken(t, { name: 'a body', scope: 'body', subject: 'min-test' })).token;
    expect((await c.call('GET', '/api/v1/bodies', { token: bodyToken })).status).toBe(403);
    expect((await c.call('PUT', '/api/v1/bodies/min-test', { token: bodyToken, json: body('min-test') })).status).toBe(403);
    expect((await c.call('POST', '/api/v1/bodies/import?dryRun=true', { token: bodyToken, csv: 'id\n' })).status).toBe(403);
    const lookup = await c.call('GET', '/api/v1/bodies/lookup?q=x', { token: null });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ items: [] });
  });

  test('POST creates (201), the same id again is 409, a bad scheme is 422 with the field', async () => {
    const created = await c.call('POST', '/api/v1/bodies', { json: { ...body('min-test'), identifiers: [`9938:${luVat(424242)}`, { scheme: '0240', value: '20002200999', purpose: 'legal' }] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/bodies/min-test');
    expect((created.body as Json).identifiers).toHaveLength(2);
    expect((await c.call('POST', '/api/v1/bodies', { json: body('min-test') })).status).toBe(409);
    const bad = await c.call('POST', '/api/v1/bodies', { json: { ...body('min-bad'), identifiers: ['1234:LU1'] } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((bad.body as Json).errors).toEqual([expect.objectContaining({ field: 'identifiers[0]', message: expect.stringContaining('unknown identifier scheme "1234"') })]);
    const dup = await c.call('POST', '/api/v1/bodies', { json: { ...body('min-dup'), identifiers: [`9938:${luVat(424242).toLowerCase()}`] } });
    expect(dup.status).toBe(422);
    expect((dup.body as Json).errors![0]!.message).toContain('already belongs to body min-test');
    const notObject = await c.call('POST', '/api/v1/bodies', { json: ['not', 'an', 'object'] });
    expect(notObject.status).toBe(422);
    expect((notObject.body as Json).detail).toContain('body must be a JSON object');
  });

  test('PUT is effective-dated and audited: the history shows who, when, before and after', async () => {
    const put = await c.call('PUT', '/api/v1/bodies/min-test?effectiveFrom=2026-01-01', {
      json: { ...body('min-test'), names: { fr: 'Ministère renommé', de: 'Umbenanntes Ministerium' }, identifiers: [`9938:${luVat(424242)}`], requiredReferences: ['BT-13'] },
    });
    expect(put.status).toBe(200);
    expect((put.body as Json).change).toEqual({ action: 'update', fields: ['names', 'identifiers', 'requiredReferences'] });
    const got = await c.call('GET', '/api/v1/bodies/min-test');
    const history = (got.body as { history: { actor: string; action: string; effectiveFrom: string; before: { names: { fr: string } } | null; after: { names: { fr: string } } }[] }).history;
    expect(history.map((h) => [h.action, h.actor])).toEqual([['update', 'admin'], ['create', 'admin']]);
    expect(history[0]).toMatchObject({ effectiveFrom: '2026-01-01', before: { names: { fr: 'Nom min-test' } }, after: { names: { fr: 'Ministère renommé' } } });
    expect((await c.call('PUT', '/api/v1/bodies/min-test?effectiveFrom=2026-13-01', { json: body('min-test') })).status).toBe(400);
    expect((await c.call('PUT', '/api/v1/bodies/min-test', { json: { ...body('other-id') } })).status).toBe(422);
    expect((await c.call('GET', '/api/v1/bodies/nothing-here')).status).toBe(404);
    const formula = await c.call('PUT', '/api/v1/bodies/min-test', { json: { ...body('min-test'), names: { fr: '=HYPERLINK("x")', de: 'ok' } } });
    expect(formula.status).toBe(422);
    const feed = (await c.call('GET', '/api/v1/bodies/changes?since=0&limit=1000')).body as { items: { id: number; bodyId: string; action: string }[]; next: number };
    expect(feed.items.filter((e) => e.bodyId === 'min-test').map((e) => e.action)).toEqual(['create', 'update']);
    expect(((await c.call('GET', `/api/v1/bodies/changes?since=${feed.next}`)).body as { items: unknown[] }).items).toEqual([]);
  });

  test('a successor cycle is refused at write time', async () => {
    expect((await c.call('PUT', '/api/v1/bodies/cyc-a', { json: body('cyc-a') })).status).toBe(201);
    expect((await c.call('PUT', '/api/v1/bodies/cyc-b', { json: { ...body('cyc-b'), status: 'retired', validTo: '2024-01-01', successors: ['cyc-a'] } })).status).toBe(201);
    const r = await c.call('PUT', '/api/v1/bodies/cyc-a', { json: { ...body('cyc-a'), status: 'retired', validTo: '2024-01-01', successors: ['cyc-b'] } });
    expect(r.status).toBe(422);
    expect((r.body as Json).errors).toEqual([expect.objectContaining({ field: 'successors', message: expect.stringContaining('cycle: cyc-a → cyc-b → cyc-a') })]);
    const self = await c.call('PUT', '/api/v1/bodies/cyc-c', { json: { ...body('cyc-c'), status: 'retired', validTo: '2024-01-01', successors: ['cyc-c'] } });
    expect(self.status).toBe(422);
    const unknown = await c.call('PUT', '/api/v1/bodies/cyc-d', { json: { ...body('cyc-d'), status: 'retired', validTo: '2024-01-01', successors: ['nowhere'] } });
    expect((unknown.body as Json).errors![0]!.message).toContain('unknown successor body "nowhere"');
  });
});

describe('bodies API over the seed: search, lookup, CSV export and import', () => {
  let t: TestStore;
  let server: Server;
  let c: Client;
  beforeAll(async () => {
    t = await openTestStore('dir-api-seed');
    await seedDirectory(t);
    ({ server, client: c } = await startServer(t, () => new Date('2026-03-01T10:00:00Z')));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  test('search by name (accents and case ignored) and by identifier', async () => {
    const r = await c.call('GET', '/api/v1/bodies?q=ministere%20des%20finances&type=ministry');
    expect((r.body as { items: { id: string }[] }).items.map((b) => b.id)).toEqual(['min-finances']);
    const fin = (await c.call('GET', '/api/v1/bodies/min-finances')).body as { identifiers: { scheme: string; value: string }[] };
    const vat = fin.identifiers.find((x) => x.scheme === '9938')!.value;
    const byId = await c.call('GET', `/api/v1/bodies?q=9938:${vat.toLowerCase()}`);
    expect((byId.body as { items: { id: string }[] }).items.map((b) => b.id)).toEqual(['min-finances']);
    const page = (await c.call('GET', '/api/v1/bodies?type=commune&status=active&limit=10&offset=95')).body as { total: number; items: unknown[] };
    expect(page).toMatchObject({ total: 100 });
    expect(page.items).toHaveLength(5);
    expect((await c.call('GET', '/api/v1/bodies?limit=-1')).status).toBe(400);
  });

  test('public lookup: active bodies only, with Peppol identifiers and required references', async () => {
    const r = await c.call('GET', '/api/v1/bodies/lookup?q=Ville%20de%20Luxembourg', { token: null });
    const items = (r.body as { items: { id: string; peppolIdentifiers: string[]; requiredReferences: string[] }[] }).items;
    expect(items[0]).toMatchObject({ id: 'commune-luxembourg', requiredReferences: ['BT-10'] });
    expect(items[0]!.peppolIdentifiers).toEqual([expect.stringMatching(/^9938:LU\d{8}$/)]);
    // a retired ministry is not addressable any more: the lookup gives the body that took over, a name search finds it for the Authority
    expect(((await c.call('GET', '/api/v1/bodies/lookup?q=securite%20interieure', { token: null })).body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ id: 'min-interieur', replaces: ['min-securite-interieure'], names: expect.objectContaining({ fr: 'Ministère des Affaires intérieures' }) }),
    ]);
    expect(((await c.call('GET', '/api/v1/bodies?q=securite%20interieure')).body as { items: { id: string }[] }).items.map((b) => b.id)).toContain('min-securite-interieure');
    const all = (await c.call('GET', '/api/v1/bodies/lookup', { token: null })).body as { count: number };
    expect(all.count).toBeGreaterThanOrEqual(800);
  });

  test('a body as of a date (the rename of 2023-11-17) and a routing preview for the Authority', async () => {
    const before = (await c.call('GET', '/api/v1/bodies/min-famille?asOf=2023-11-16')).body as Json;
    const after = (await c.call('GET', '/api/v1/bodies/min-famille?asOf=2023-11-17')).body as Json;
    expect(before).toMatchObject({ status: 'active', name: expect.stringContaining('Intégration') });
    expect(after).toMatchObject({ status: 'active', name: expect.stringContaining('Solidarités') });
    expect(((await c.call('GET', '/api/v1/bodies/min-securite-interieure?asOf=2024-01-01')).body as Json)).toMatchObject({ status: 'retired', successors: [{ id: 'min-interieur' }] });
    expect((await c.call('GET', '/api/v1/bodies/min-famille?asOf=yesterday')).status).toBe(400);
    expect((await c.call('GET', '/api/v1/bodies/commune-luxembourg.recette')).body).toMatchObject({ id: 'commune-luxembourg.recette', parentId: 'commune-luxembourg', type: 'accounting-unit' });
    const energy = (await c.call('GET', '/api/v1/bodies/min-energie-amenagement')).body as { identifiers: { scheme: string; value: string }[] };
    const vat = energy.identifiers.find((x) => x.scheme === '9938')!.value;
    const preview = await c.call('GET', `/api/v1/bodies/resolve?bt49=9938:${vat}&date=2024-05-01`);
    expect(preview.body).toMatchObject({ ok: true, bodyId: 'min-economie', matchedBy: 'BT-49', redirections: [{ from: 'min-energie-amenagement', to: 'min-economie' }] });
    expect((await c.call('GET', '/api/v1/bodies/resolve?bt47=nothing')).body).toMatchObject({ ok: false, reason: 'no-match' });
    expect((await c.call('GET', '/api/v1/bodies/resolve?bt47=nothing', { token: null })).status).toBe(401);
  });

  test('CSV export then import of the same file: every row unchanged', async () => {
    const exp = await c.call('GET', '/api/v1/bodies/export');
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-type')).toContain('text/csv');
    expect(exp.text.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    const dry = await c.call('POST', '/api/v1/bodies/import?dryRun=true', { csv: exp.text });
    expect(dry.status).toBe(200);
    expect((dry.body as Json).summary).toEqual({ added: 0, changed: 0, retired: 0, unchanged: expect.any(Number), errors: 0 });
    expect(((dry.body as Json).summary as { unchanged: number }).unchanged).toBeGreaterThanOrEqual(800);
  });

  test('CSV dry-run shows the diff (added, changed, retired) and writes nothing; applying writes it all', async () => {
    const csv = [
      'id,type,parent_id,status,name_fr,name_de,valid_from,valid_to,identifiers,successors,required_references,routing_rules,contact_email',
      `min-new,ministry,,active,Ministère nouveau,Neues Ministerium,2026-03-01,,9938:${luVat(777001)}@peppol,,BT-13,BT-10:NEW-*=central,new@directory.example`,
      'min-sports,,,,Ministère des Sports et du Bien-être,,,,,,,,',
      'syndicat-sigi,,,retired,,,,2026-03-01,,syndicat-syvicol,,,',
    ].join('\n');
    const dry = await c.call('POST', '/api/v1/bodies/import?dryRun=true', { csv });
    expect(dry.status).toBe(200);
    const d = dry.body as { summary: unknown; added: unknown[]; changed: { id: string; fields: string[]; before: { names: { fr: string } } }[]; retired: unknown[] };
    expect(d.summary).toEqual({ added: 1, changed: 2, retired: 1, unchanged: 0, errors: 0 });
    expect(d.added).toEqual([{ row: 2, id: 'min-new', name: 'Ministère nouveau' }]);
    expect(d.changed.find((x) => x.id === 'min-sports')).toMatchObject({ fields: ['names'], before: { names: { fr: 'Ministère des Sports' } } });
    expect(d.retired).toEqual([{ row: 4, id: 'syndicat-sigi', validTo: '2026-03-01', successors: [{ id: 'syndicat-syvicol', primary: false }] }]);
    expect((await c.call('GET', '/api/v1/bodies/min-new')).status).toBe(404);

    const applied = await c.call('POST', '/api/v1/bodies/import?effectiveFrom=2026-03-01', { csv });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, dryRun: false, effectiveFrom: '2026-03-01' });
    const created = (await c.call('GET', '/api/v1/bodies/min-new')).body as Json;
    expect(created).toMatchObject({ requiredReferences: ['BT-13'], routingRules: [{ field: 'BT-10', pattern: 'NEW-*', department: 'central' }], contacts: [{ role: 'delivery', email: 'new@directory.example' }] });
    expect(((created.history as { source: string; action: string }[])[0])).toMatchObject({ source: 'import', action: 'create' });
    const sigi = (await c.call('GET', '/api/v1/bodies/syndicat-sigi')).body as Json;
    expect(sigi).toMatchObject({ status: 'retired', validTo: '2026-03-01' });
  });

  test('import errors are reported per CSV line, and then nothing at all is written', async () => {
    const fin = (await c.call('GET', '/api/v1/bodies/min-finances')).body as { identifiers: { scheme: string; value: string }[] };
    const finVat = fin.identifiers.find((x) => x.scheme === '9938')!.value;
    const csv = [
      'id,type,status,name_fr,name_de,valid_from,valid_to,identifiers,successors',
      `ok-body,administration,active,Bon,Gut,2026-01-01,,9938:${luVat(777002)},`,
      'bad-scheme,administration,active,Mauvais,Schlecht,2026-01-01,,1234:ABC,',
      `dup-id,administration,active,Doublon,Doppelt,2026-01-01,,9938:${finVat.toLowerCase()},`,
      'orphan,administration,retired,Orphelin,Waise,2020-01-01,2026-01-01,,ghost-body',
      '"multi',
      'line",administration,active,"Nom sur',
      'deux lignes",Zwei,2026-01-01,,,',
      `ok-body,administration,active,Encore,Nochmal,2026-01-01,,,`,
    ].join('\n');
    const dry = await c.call('POST', '/api/v1/bodies/import?dryRun=1', { csv });
    expect(dry.status).toBe(200);
    const errors = (dry.body as Json).errors!;
    expect(errors.map((e) => [e.row, e.id, e.field])).toEqual([
      [3, 'bad-scheme', 'identifiers'],
      [4, 'dup-id', 'identifiers'],
      [5, 'orphan', 'successors'],
      [6, 'multi\nline', 'id'],
      [6, 'multi\nline', 'name_fr'],
      [9, 'ok-body', 'id'],
    ]);
    expect(errors[0]!.message).toContain('unknown identifier scheme "1234"');
    expect(errors[1]!.message).toContain('already belongs to body min-finances');
    expect(errors[2]!.message).toContain('unknown successor body "ghost-body"');
    expect(errors[4]!.message).toContain('control characters');
    expect(errors[5]!.message).toContain('appears twice (first on line 2)');
    const apply = await c.call('POST', '/api/v1/bodies/import', { csv });
    expect(apply.status).toBe(422);
    expect((apply.body as Json).errors).toHaveLength(6);
    expect((await c.call('GET', '/api/v1/bodies/ok-body')).status).toBe(404);
  });

  test('an unusable file is a 400 that says why; multipart upload works too', async () => {
    const r = await c.call('POST', '/api/v1/bodies/import?dryRun=true', { csv: 'id,colour\nx,red\n' });
    expect(r.status).toBe(400);
    expect((r.body as Json).detail).toContain('unknown column(s): colour');
    const bad = await c.call('POST', '/api/v1/bodies/import?dryRun=true', { csv: 'id,type\n"unterminated,x\n' });
    expect(bad.status).toBe(400);
    const form = new FormData();
    form.append('file', new Blob(['id,name_fr\nmin-culture,Ministère de la Culture et des Arts\n'], { type: 'text/csv' }), 'dir.csv');
    const res = await fetch(`${c.base}/api/v1/bodies/import?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).summary).toMatchObject({ changed: 1, errors: 0 });
  });
});
