/**
 * Directory administration screens over the directory's own planning and writing: edit a body with
 * proper controls (selects, date fields, one row per identifier with a scheme select), create one,
 * refuse invalid input with the error at its field and nothing written, CSV import shown as a
 * dry-run diff table (with the bodies the file leaves out) and applied as checked; every write
 * audited, directory events by the staff member.
 */
import { exportCsv } from '../../core/directory/csv';
import { currentBodies, currentBody, listChanges } from '../../core/directory/view';
import { body, luVat, save } from '../directory/helpers';
import { auditRows, staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

let hub: ConsoleHub;
let op: Client;
let viewer: Client;

beforeAll(async () => {
  hub = await startConsoleHub('directory');
  await save(hub.store, [
    body('min-old', { names: { fr: 'Ancien ministère', de: 'Altes Ministerium' }, identifiers: [{ scheme: '9938', value: luVat(111111), purpose: 'peppol' }], contacts: [{ role: 'accounting', email: 'compta@old.lu' }] }),
    body('min-new', { names: { fr: 'Nouveau ministère', de: 'Neues Ministerium' } }),
  ], '2020-01-01');
  op = await staffClient(hub, 'otto', 'operator');
  viewer = await staffClient(hub, 'vera', 'viewer');
});
afterAll(async () => { await hub.stop(); });

const unesc = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`').replace(/&amp;/g, '&');

/** The values of the body form as a browser would post them (inputs, checked boxes, selected options). */
function formOf(html: string): Record<string, string> {
  const form = /<form method="post" action="\/console\/directory\/bodies"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="(?:text|date|email|tel|hidden)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g)) out[m[1]!] = unesc(m[2]!);
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) out[m[1]!] = unesc(m[2]!);
  for (const m of form.matchAll(/<input type="checkbox" id="[^"]*" name="([^"]+)" value="1" checked/g)) out[m[1]!] = '1';
  for (const m of form.matchAll(/<select id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    out[m[1]!] = unesc(sel?.[1] ?? '');
  }
  return out;
}

it('lists and finds bodies', async () => {
  const page = await op.get('/console/directory?q=ancien');
  expect(page.status).toBe(200);
  expect(page.text).toContain('/console/directory/bodies/min-old');
  expect(page.text).not.toContain('/console/directory/bodies/min-new');
});

it('the edit form has proper controls: selects for type, status, language; one row per identifier with a scheme select; no CSV syntax', async () => {
  const page = await op.get('/console/directory/bodies/min-old');
  expect(page.text).toMatch(/<select id="f-type" name="type"[^>]*>[\s\S]*<option value="ministry" selected>Ministry<\/option>/);
  expect(page.text).toMatch(/<select id="f-status" name="status"/);
  expect(page.text).toMatch(/<select id="f-language" name="language"/);
  expect(page.text).toMatch(/<input type="date" id="f-validFrom" name="validFrom" value="2020-01-01"/);
  expect(page.text).toMatch(/<select id="f-identifiers-0-scheme" name="identifiers\[0\]\.scheme"[^>]*>[\s\S]*?<option value="9938" selected>9938 — LU VAT<\/option>/);
  expect(page.text).toContain(`name="identifiers[0].value" value="${luVat(111111)}"`);
  expect(page.text).toMatch(/<select id="f-identifiers-0-purpose" name="identifiers\[0\]\.purpose"/);
  // empty rows to add identifiers, successors, rules
  expect(page.text).toContain('name="identifiers[1].value" value=""');
  expect(page.text).toContain('name="successors[0].id" value=""');
  expect(page.text).toContain('name="routingRules[0].pattern" value=""');
  expect(page.text).toMatch(/<input type="checkbox" id="f-requiredReferences-BT-10" name="requiredReferences.BT-10" value="1">/);
  expect(page.text).not.toMatch(/@peppol|scheme:value|name="identifiers"/);
  // a viewer sees the same form, read only
  const ro = await viewer.get('/console/directory/bodies/min-old');
  expect(ro.text).toContain('Your role allows viewing only.');
  expect(ro.text).toMatch(/<select id="f-type" name="type" disabled>/);
});

it('edits a body: English name, a second identifier, a required reference; other contacts kept; audited; the directory records the staff member', async () => {
  const f = formOf((await op.get('/console/directory/bodies/min-old')).text);
  expect(f['identifiers[0].scheme']).toBe('9938');
  const res = await op.post('/console/directory/bodies', {
    ...f, 'names.en': 'Old <ministry>', 'identifiers[1].scheme': '0240', 'identifiers[1].value': 'B123456', 'identifiers[1].purpose': 'legal', 'requiredReferences.BT-10': '1',
    'routingRules[0].field': 'BT-10', 'routingRules[0].pattern': 'OLD-*', 'routingRules[0].department': 'finance', effectiveFrom: '2026-01-01',
  });
  expect(res.status).toBe(303);
  const b = await currentBody(hub.store, 'min-old');
  expect(b?.names.en).toBe('Old <ministry>');
  expect(b?.identifiers.map((i) => `${i.scheme}:${i.value}:${i.purpose}`).sort()).toEqual(['0240:B123456:legal', `9938:${luVat(111111)}:peppol`]);
  expect(b?.requiredReferences).toEqual(['BT-10']);
  expect(b?.routingRules).toEqual([{ field: 'BT-10', pattern: 'OLD-*', department: 'finance' }]);
  expect(b?.contacts).toEqual([{ role: 'accounting', email: 'compta@old.lu' }]);
  const page = await op.get(res.location!);
  expect(page.text).toContain('Saved.');
  expect(page.text).toContain('value="Old &lt;ministry&gt;"');
  expect(await auditRows(hub.store, { action: 'body-update' })).toHaveLength(1);
  expect((await listChanges(hub.store, 0, 1000)).some((e) => e.actor === 'staff:otto' && e.bodyId === 'min-old')).toBe(true);
});

it('clears a value by emptying its field (the English name, an identifier row)', async () => {
  const f = formOf((await op.get('/console/directory/bodies/min-old')).text);
  const legal = Object.keys(f).find((k) => /^identifiers\[\d\]\.value$/.test(k) && f[k] === 'B123456')!;
  const res = await op.post('/console/directory/bodies', { ...f, 'names.en': '', [legal]: '', [legal.replace('value', 'scheme')]: '', effectiveFrom: '2026-02-01' });
  expect(res.status).toBe(303);
  const b = await currentBody(hub.store, 'min-old');
  expect(b?.names.en).toBeUndefined();
  expect(b?.identifiers.map((i) => i.scheme)).toEqual(['9938']);
});

it('refuses an invalid identifier with the error at its field, nothing written', async () => {
  const f = formOf((await op.get('/console/directory/bodies/min-new')).text);
  const before = JSON.stringify(await currentBody(hub.store, 'min-new'));
  const res = await op.post('/console/directory/bodies', { ...f, 'identifiers[0].scheme': '9938', 'identifiers[0].value': 'NOTAVAT', effectiveFrom: '2026-01-01' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('error-summary');
  expect(res.text).toContain('<a href="#f-identifiers-0-value">');
  expect(res.text).toMatch(/<p class="field-error" id="f-identifiers-0-value-error">/);
  expect(res.text).toMatch(/name="identifiers\[0\]\.value" value="NOTAVAT"[^>]* aria-describedby="f-identifiers-0-value-error" aria-invalid="true"/);
  expect(JSON.stringify(await currentBody(hub.store, 'min-new'))).toBe(before);
});

it('"add empty rows" brings the form back with more rows and what was typed', async () => {
  const f = formOf((await op.get('/console/directory/bodies/min-new')).text);
  const res = await op.post('/console/directory/bodies', { ...f, 'names.en': 'Typed, not saved', more: '1' });
  expect(res.status).toBe(200);
  expect(res.text).toContain('value="Typed, not saved"');
  expect(res.text).toContain('name="identifiers[3].value"');
  expect((await currentBody(hub.store, 'min-new'))?.names.en).toBeUndefined();
});

it('creates a body from the empty form; an existing id is refused', async () => {
  const f = formOf((await op.get('/console/directory/new')).text);
  const res = await op.post('/console/directory/bodies', {
    ...f, id: 'commune-test', type: 'commune', 'names.fr': 'Commune Test', 'names.de': 'Gemeinde Test', validFrom: '2026-01-01',
    'identifiers[0].scheme': '9938', 'identifiers[0].value': luVat(222222), 'identifiers[0].purpose': 'peppol', 'contact.email': 'info@test.lu', effectiveFrom: '2026-01-01',
  });
  expect(res.status).toBe(303);
  const b = await currentBody(hub.store, 'commune-test');
  expect(b).toMatchObject({ type: 'commune', names: { fr: 'Commune Test' }, contacts: [{ role: 'delivery', email: 'info@test.lu' }] });
  expect(await auditRows(hub.store, { action: 'body-create' })).toHaveLength(1);
  await op.get('/console/directory/new');
  const again = await op.post('/console/directory/bodies', { ...f, id: 'commune-test', type: 'commune', 'names.fr': 'X', 'names.de': 'Y', validFrom: '2026-01-01', effectiveFrom: '2026-01-01' });
  expect(again.status).toBe(400);
  expect((await currentBody(hub.store, 'commune-test'))?.names.fr).toBe('Commune Test');
});

async function upload(csv: string, effectiveFrom: string): Promise<{ status: number; html: string }> {
  await op.get('/console/directory/import');
  const fd = new FormData();
  fd.append('_csrf', op.csrf());
  fd.append('effectiveFrom', effectiveFrom);
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'bodies.csv');
  const res = await op.req('POST', '/console/directory/import', fd);
  return { status: res.status, html: res.text };
}

/** The cells of a table's body rows. */
function rowsOf(html: string, id: string): string[][] {
  const t = new RegExp(`<table id="${id}">[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()));
}

it('CSV import: the dry run shows the diff as a table, field by field, and the bodies missing from the file; then applied as checked', async () => {
  const current = [...(await currentBodies(hub.store)).values()].filter((b) => b.id !== 'commune-test');
  let csv = exportCsv(current.map((b) => (b.id === 'min-old' ? { ...b, status: 'retired' as const, validTo: '2026-06-01', successors: [{ id: 'min-new', primary: true }] } : b.id === 'min-new' ? { ...b, names: { ...b.names, de: 'Ganz neues Ministerium' } } : b)));
  csv += `min-extra,ministry,,active,Ministère en plus,Zusätzliches Ministerium,,,fr,2026-01-01,,9938:${luVat(333333)}@peppol,,,,,,\n`;
  const { status, html } = await upload(csv, '2026-06-01');
  expect(status).toBe(200);
  expect(html).toContain('Dry run: 1 to add, 2 to change, 1 to retire');
  expect(await currentBody(hub.store, 'min-extra')).toBeUndefined();
  const diff = rowsOf(html, 'import-diff');
  expect(diff).toContainEqual(['Added', '4', 'min-extra', '–', '–', 'Ministère en plus']);
  expect(diff).toContainEqual(['Changed', '2', 'min-new', 'Official names', 'Nouveau ministère (French) Neues Ministerium (German) (removed)', 'Nouveau ministère (French) Ganz neues Ministerium (German) (added)']);
  expect(diff).toContainEqual(['Retired', '3', 'min-old', 'Status', 'active', 'retired']);
  expect(diff).toContainEqual(['Retired', '3', 'min-old', 'Successors (retired body)', 'none', 'min-new (primary) (added)']);
  expect(diff).toContainEqual(['Retired', '3', 'min-old', 'Exists until (exclusive)', 'none', '01 Jun 2026']);
  expect(html).toContain('<del>Neues Ministerium <span class="hint">(German)</span><span class="visually-hidden"> (removed)</span></del>');
  expect(html).toContain('<ins>Ganz neues Ministerium <span class="hint">(German)</span><span class="visually-hidden"> (added)</span></ins>');
  expect(html).not.toMatch(/&quot;|\{"|\["/);
  // the directory has a body the file leaves out: listed, and left as it is
  expect(rowsOf(html, 'import-missing')).toEqual([['commune-test', 'Commune Test', 'active']]);
  const sha = /name="sha" value="([0-9a-f]{64})"/.exec(html)?.[1];
  expect(sha).toBeDefined();
  op.lastHtml = html;
  const applied = await op.post('/console/directory/import/apply', { sha: sha!, effectiveFrom: '2026-06-01' });
  expect(applied.status).toBe(200);
  expect(applied.text).toContain('Import applied: 1 added, 2 changed, 1 retired.');
  const after = await currentBodies(hub.store);
  expect(after.get('min-extra')?.status).toBe('active');
  expect(after.get('min-old')?.status).toBe('retired');
  expect(after.get('min-old')?.successors).toEqual([{ id: 'min-new', primary: true }]);
  expect(after.get('commune-test')?.status).toBe('active');
  const audit = await auditRows(hub.store, { action: 'directory-import' });
  expect(audit).toHaveLength(1);
  expect(audit[0]!.details).toMatchObject({ added: ['min-extra'], retired: ['min-old'] });
});

it('CSV import with errors: the errors with their line, nothing to apply, nothing written', async () => {
  const { status, html } = await upload(`id,type,name_fr,name_de,valid_from,identifiers\nmin-bad,ministry,Mauvais,Schlecht,2026-01-01,9938:NOTAVAT@peppol\n`, '2026-06-01');
  expect(status).toBe(400);
  expect(rowsOf(html, 'import-errors')[0]?.slice(0, 3)).toEqual(['2', 'min-bad', 'identifiers']);
  expect(html).not.toContain('name="sha"');
  expect(await currentBody(hub.store, 'min-bad')).toBeUndefined();
});
