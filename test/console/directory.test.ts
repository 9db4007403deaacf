/**
 * Directory administration screens over the directory's own import logic: edit a body (names,
 * identifiers, successors), create one, refuse invalid input with nothing written, CSV import shown
 * as a dry-run diff first and applied as checked; every write audited, directory events by the staff member.
 */
import { eq } from 'drizzle-orm';
import { loadCurrentBodies, saveBodies } from '../../db/directory/store';
import { directoryEvents, staffAudit } from '../../db/schema';
import { exportCsv } from '../../services/api/bodies/csv';
import { body, luVat } from '../directory/helpers';
import { staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';

let hub: ConsoleHub;
let op: Client;

beforeAll(async () => {
  hub = await startConsoleHub('directory');
  const r = saveBodies(hub.deps.db, [
    body('min-old', { names: { fr: 'Ancien ministère', de: 'Altes Ministerium' }, identifiers: [{ scheme: '9938', value: luVat(111111), purpose: 'peppol' }] }),
    body('min-new', { names: { fr: 'Nouveau ministère', de: 'Neues Ministerium' } }),
  ], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!r.ok) throw new Error('fixture');
  op = await staffClient(hub, 'otto', 'operator');
});
afterAll(async () => { await hub.stop(); });

function fieldsOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const form = /<form method="post" action="\/console\/directory\/bodies">[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const unesc = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`').replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input type="text" id="[^"]*" name="([^"]+)" value="([^"]*)"/g)) out[m[1]!] = unesc(m[2]!);
  return out;
}

it('lists and finds bodies', async () => {
  const page = await op.get('/console/directory?q=ancien');
  expect(page.status).toBe(200);
  expect(page.text).toContain('/console/directory/bodies/min-old');
  expect(page.text).not.toContain('/console/directory/bodies/min-new');
});

it('edits a body: English name, a second identifier, a successor; audited; the directory records the staff member', async () => {
  const form = await op.get('/console/directory/bodies/min-old');
  const f = fieldsOf(form.text);
  expect(f.identifiers).toBe(`9938:${luVat(111111)}@peppol`);
  const res = await op.post('/console/directory/bodies', { ...f, name_en: 'Old <ministry>', identifiers: `9938:${luVat(111111)}@peppol;0240:B123456@peppol`, effectiveFrom: '2026-01-01' });
  expect(res.status).toBe(303);
  const b = loadCurrentBodies(hub.deps.db).get('min-old');
  expect(b?.names.en).toBe('Old <ministry>');
  expect(b?.identifiers.map((i) => `${i.scheme}:${i.value}`).sort()).toEqual([`0240:B123456`, `9938:${luVat(111111)}`]);
  const page = await op.get(res.location!);
  expect(page.text).toContain('Saved.');
  expect(page.text).toContain('value="Old &lt;ministry&gt;"');
  expect(hub.deps.db.select().from(staffAudit).where(eq(staffAudit.action, 'body-update')).all()).toHaveLength(1);
  expect(hub.deps.db.select().from(directoryEvents).all().some((e) => JSON.stringify(e).includes('staff:otto'))).toBe(true);
});

it('refuses an invalid identifier with the error on the form, nothing written', async () => {
  const f = fieldsOf((await op.get('/console/directory/bodies/min-new')).text);
  const before = JSON.stringify(loadCurrentBodies(hub.deps.db).get('min-new'));
  const res = await op.post('/console/directory/bodies', { ...f, identifiers: '9938:NOTAVAT@peppol', effectiveFrom: '2026-01-01' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('error-summary');
  expect(JSON.stringify(loadCurrentBodies(hub.deps.db).get('min-new'))).toBe(before);
});

it('creates a body from the empty form', async () => {
  await op.get('/console/directory/new');
  const res = await op.post('/console/directory/bodies', {
    id: 'commune-test', type: 'commune', parent_id: '', status: 'active', name_fr: 'Commune Test', name_de: 'Gemeinde Test', name_en: '', short_name: '', language: 'fr',
    valid_from: '2026-01-01', valid_to: '', identifiers: `9938:${luVat(222222)}@peppol`, successors: '', required_references: '', routing_rules: '', contact_name: '', contact_email: '', contact_phone: '', effectiveFrom: '2026-01-01',
  });
  expect(res.status).toBe(303);
  expect(loadCurrentBodies(hub.deps.db).get('commune-test')?.names.fr).toBe('Commune Test');
  expect(hub.deps.db.select().from(staffAudit).where(eq(staffAudit.action, 'body-create')).all()).toHaveLength(1);
});

it('CSV import: dry-run diff first (nothing written), then applied as checked; retire with successor', async () => {
  const current = [...loadCurrentBodies(hub.deps.db).values()];
  let csv = exportCsv(current.map((b) => (b.id === 'min-old' ? { ...b, status: 'retired' as const, validTo: '2026-06-01', successors: [{ id: 'min-new', primary: true }] } : b)));
  csv += `min-extra,ministry,,active,Ministère en plus,Zusätzliches Ministerium,,,fr,2026-01-01,,9938:${luVat(333333)}@peppol,,,,,,\n`;
  await op.get('/console/directory/import');
  const fd = new FormData();
  fd.append('_csrf', op.csrf());
  fd.append('effectiveFrom', '2026-06-01');
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'bodies.csv');
  const res = await fetch(`${hub.url}/console/directory/import`, { method: 'POST', body: fd, headers: { cookie: [...op.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'en' } });
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(html).toContain('Dry run: 1 to add, 1 to change, 1 to retire');
  expect(html).toContain('min-extra');
  expect(loadCurrentBodies(hub.deps.db).has('min-extra')).toBe(false);
  op.lastHtml = html;
  const sha = /name="sha" value="([0-9a-f]{64})"/.exec(html)?.[1];
  expect(sha).toBeDefined();
  const applied = await op.post('/console/directory/import/apply', { sha: sha!, effectiveFrom: '2026-06-01' });
  expect(applied.status).toBe(200);
  expect(applied.text).toContain('Import applied: 1 added, 1 changed, 1 retired.');
  const after = loadCurrentBodies(hub.deps.db);
  expect(after.get('min-extra')?.status).toBe('active');
  expect(after.get('min-old')?.status).toBe('retired');
  expect(after.get('min-old')?.successors).toEqual([{ id: 'min-new', primary: true }]);
  const audit = hub.deps.db.select().from(staffAudit).where(eq(staffAudit.action, 'directory-import')).all();
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0]!.details)).toMatchObject({ added: ['min-extra'], retired: ['min-old'] });
});
