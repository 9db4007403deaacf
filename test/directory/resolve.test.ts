import { buildIndex, DirectoryIndexCache, nameOn, type DirectoryIndex } from '../../core/directory/directory-index';
import { resolveRecipient, wildcardMatch } from '../../core/directory/resolve';
import { loadDirectoryRows } from '../../db/repositories/directory';
import { bodies, bodyIdentifiers, directoryEvents } from '../../db/schema';
import { openStore, type StoreHandle } from '../../db/store';
import { openTestStore, testDbMode, type TestStore } from '../helpers/store';
import { saveBodies, type SaveResult } from '../../core/directory/write';
import { body, luVat, save } from './helpers';

const A = luVat(100001);
const B = luVat(100002);
const C = luVat(100003);

async function indexOf(s: TestStore): Promise<DirectoryIndex> {
  return buildIndex(await loadDirectoryRows(s.db));
}

/** Runs `fn` with a store of its own, closed afterwards. */
async function withStore(name: string, fn: (s: TestStore) => Promise<void>): Promise<void> {
  const s = await openTestStore(name);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

describe('recipient resolution', () => {
  let t: TestStore;
  let index: DirectoryIndex;
  beforeAll(async () => {
    t = await openTestStore('dir-resolve');
    await save(t, [
      body('min-a', {
        identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }, { scheme: '0240', value: '20001111001', purpose: 'legal' }],
        requiredReferences: ['BT-13'],
        routingRules: [{ field: 'BT-10', pattern: 'IT-*', department: 'informatique' }, { field: 'BT-13', pattern: 'PO-2026-???', department: 'achats' }],
      }),
      body('min-b', { identifiers: [{ scheme: '9938', value: B, purpose: 'peppol' }, { scheme: '0240', value: 'X123', purpose: 'legal' }] }),
      body('min-c', { identifiers: [{ scheme: '9938', value: C, purpose: 'peppol' }, { scheme: '0088', value: 'X123', purpose: 'other' }, { scheme: '0088', value: '5790000435975', purpose: 'other' }] }),
      // successor chain: old-1 (retired 2022) → old-2 (retired 2024) → min-a
      body('old-2', { status: 'retired', validFrom: '2022-01-01', validTo: '2024-01-01', successors: [{ id: 'min-a', primary: false }], identifiers: [{ scheme: '0240', value: 'OLD2', purpose: 'peppol' }] }),
      body('old-1', { status: 'retired', validFrom: '2018-01-01', validTo: '2022-01-01', successors: [{ id: 'old-2', primary: false }], identifiers: [{ scheme: '0240', value: 'OLD1', purpose: 'peppol' }] }),
      // a split without a primary successor, and one with
      body('split-np', { status: 'retired', validTo: '2023-11-17', successors: [{ id: 'min-b', primary: false }, { id: 'min-c', primary: false }], identifiers: [{ scheme: '0240', value: 'SPLITNP', purpose: 'peppol' }] }),
      body('split-p', { status: 'retired', validTo: '2023-11-17', successors: [{ id: 'min-b', primary: true }, { id: 'min-c', primary: false }], identifiers: [{ scheme: '0240', value: 'SPLITP', purpose: 'peppol' }] }),
      body('dead', { status: 'retired', validTo: '2021-01-01', identifiers: [{ scheme: '0240', value: 'DEAD', purpose: 'peppol' }] }),
    ]);
    index = await indexOf(t);
  });
  afterAll(async () => { await t.close(); });

  test('the SBDH receiver participant id decides first (Peppol prefix accepted, value case-insensitive)', () => {
    const r = resolveRecipient(index, { receiver: `iso6523-actorid-upis::9938:${A.toLowerCase()}`, bt49: { scheme: '9938', value: A }, bt13: 'PO-1' }, '2026-03-01');
    expect(r).toMatchObject({ ok: true, bodyId: 'min-a', matchedBy: 'sbdh-receiver', findings: [] });
  });

  test('BT-49 scheme + value when there is no envelope; a receiver/BT-49 disagreement is a warning', () => {
    expect(resolveRecipient(index, { bt49: { scheme: '9938', value: B.toLowerCase() } }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'min-b', matchedBy: 'BT-49' });
    const r = resolveRecipient(index, { receiver: `9938:${A}`, bt49: { scheme: '9938', value: B }, bt13: 'x' }, '2026-03-01');
    expect(r.ok && r.bodyId).toBe('min-a');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['HUB-ROUTE-ENDPOINT-MISMATCH']);
  });

  test('then BT-47, BT-48 and BT-46, each tried only when the earlier ones found nothing', () => {
    const r47 = resolveRecipient(index, { bt49: { scheme: '9938', value: luVat(999999) }, bt47: { scheme: '0240', value: '20001111001' }, bt13: 'x' }, '2026-03-01');
    expect(r47).toMatchObject({ ok: true, bodyId: 'min-a', matchedBy: 'BT-47' });
    expect(r47.attempts.map((a) => [a.step, a.outcome])).toEqual([['sbdh-receiver', 'absent'], ['BT-49', 'no-match'], ['BT-47', 'matched'], ['BT-48', 'absent'], ['BT-46', 'absent']]);
    expect(resolveRecipient(index, { bt48: `${B.slice(0, 4)} ${B.slice(4)}` }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'min-b', matchedBy: 'BT-48' });
    expect(resolveRecipient(index, { bt46: [{ value: 'nothing' }, { scheme: '0088', value: '5790000435975' }] }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'min-c', matchedBy: 'BT-46' });
  });

  test('no match: unroutable with every identifier tried and why each failed', () => {
    const r = resolveRecipient(index, { receiver: `9938:${luVat(123456)}`, bt49: { scheme: '0240', value: A }, bt47: { value: 'nope' }, bt48: 'LU00000000', bt46: [] }, '2026-03-01');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('no-match');
    expect(r.attempts.map((a) => [a.step, a.outcome])).toEqual([
      ['sbdh-receiver', 'no-match'], ['BT-49', 'no-match'], ['BT-47', 'no-match'], ['BT-48', 'no-match'], ['BT-46', 'absent'],
    ]);
    expect(r.attempts[1]!.reason).toContain('exists under scheme 9938');
    expect(r.message).toContain(`9938:${luVat(123456)}`);
    expect(resolveRecipient(index, {}, '2026-03-01')).toMatchObject({ ok: false, reason: 'no-match', message: 'the document gives no receiver identifier at all' });
    expect(resolveRecipient(index, { receiver: 'garbage' }, '2026-03-01').attempts[0]).toMatchObject({ outcome: 'malformed' });
  });

  test('ambiguous: a value without scheme held by two bodies stops resolution, even if a later step would match', () => {
    const r = resolveRecipient(index, { bt47: { value: 'x123' }, bt46: [{ scheme: '9938', value: A }] }, '2026-03-01');
    expect(r).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(r.ok ? '' : r.message).toMatch(/min-b.*min-c|min-c.*min-b/);
  });

  test('a retired body is followed through its successor chain as of the reception date', () => {
    const r = resolveRecipient(index, { receiver: '0240:OLD1', bt13: 'PO' }, '2026-03-01');
    expect(r).toMatchObject({ ok: true, bodyId: 'min-a', addressedBodyId: 'old-1' });
    expect(r.ok && r.redirections).toEqual([
      { from: 'old-1', to: 'old-2', since: '2022-01-01', reason: 'successor' },
      { from: 'old-2', to: 'min-a', since: '2024-01-01', reason: 'successor' },
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'HUB-ROUTE-REDIRECTED')).toHaveLength(2);
    // on 2023-06-01 old-2 still existed: one hop only
    expect(resolveRecipient(index, { receiver: '0240:OLD1' }, '2023-06-01')).toMatchObject({ ok: true, bodyId: 'old-2' });
    // before its retirement, old-1 itself
    expect(resolveRecipient(index, { receiver: '0240:OLD1' }, '2019-06-01')).toMatchObject({ ok: true, bodyId: 'old-1', redirections: [] });
    // before it existed, nothing
    expect(resolveRecipient(index, { receiver: '0240:OLD2' }, '2017-06-01')).toMatchObject({ ok: false });
  });

  test('a split goes to its primary successor; without one it is ambiguous; no successor is a dead end', () => {
    expect(resolveRecipient(index, { receiver: '0240:SPLITP' }, '2024-01-01')).toMatchObject({ ok: true, bodyId: 'min-b', redirections: [{ reason: 'primary-successor' }] });
    const np = resolveRecipient(index, { receiver: '0240:SPLITNP' }, '2024-01-01');
    expect(np).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(np.ok ? '' : np.message).toContain('split into');
    expect(resolveRecipient(index, { receiver: '0240:SPLITNP' }, '2023-11-16')).toMatchObject({ ok: true, bodyId: 'split-np' });
    const dead = resolveRecipient(index, { receiver: '0240:DEAD' }, '2024-01-01');
    expect(dead).toMatchObject({ ok: false, reason: 'no-match' });
    expect(dead.attempts[0]).toMatchObject({ outcome: 'dead-end' });
  });

  test('department by routing rules (first match wins), required references as warning findings', () => {
    const r = resolveRecipient(index, { receiver: `9938:${A}`, bt10: 'it-42', bt13: 'PO-2026-001' }, '2026-03-01');
    expect(r).toMatchObject({ ok: true, department: 'informatique', rule: { field: 'BT-10', pattern: 'IT-*' }, missingReferences: [], findings: [] });
    expect(resolveRecipient(index, { receiver: `9938:${A}`, bt10: 'X', bt13: 'PO-2026-001' }, '2026-03-01')).toMatchObject({ department: 'achats' });
    const missing = resolveRecipient(index, { receiver: `9938:${A}`, bt10: 'X' }, '2026-03-01');
    expect(missing).toMatchObject({ ok: true, department: null, missingReferences: ['BT-13'] });
    expect(missing.findings).toEqual([expect.objectContaining({ ruleId: 'HUB-ROUTE-REQUIRED-BT-13', flag: 'warning', location: 'BT-13' })]);
  });

  test('wildcards: * and ?, case-insensitive, whole value', () => {
    expect(wildcardMatch('PO-*-??', 'po-2026-ab')).toBe(true);
    expect(wildcardMatch('PO-*-??', 'po-2026-abc')).toBe(false);
    expect(wildcardMatch('*a*b*c*', 'xxaxxbxxc')).toBe(true);
    expect(wildcardMatch('abc', 'abcd')).toBe(false);
    expect(wildcardMatch('*', '')).toBe(true);
    expect(wildcardMatch('*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });
});

describe('effective dates', () => {
  test('an identifier moved from one body to another on a date: documents resolve as the directory stood on their reception date', () => withStore('dir-eff-move', async (t) => {
    await save(t, [body('x', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] }), body('y')]);
    // on 2025-06-01 the identifier moves from x to y (one write, both bodies)
    await save(t, [body('x'), body('y', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })], '2025-06-01');
    const index = await indexOf(t);
    expect(resolveRecipient(index, { receiver: `9938:${A}` }, '2025-05-31')).toMatchObject({ ok: true, bodyId: 'x' });
    expect(resolveRecipient(index, { receiver: `9938:${A}` }, '2025-06-01')).toMatchObject({ ok: true, bodyId: 'y' });
    const before = resolveRecipient(index, { receiver: `9938:${A}` }, '2019-12-31');
    expect(before.ok).toBe(false);
    expect(before.attempts[0]).toMatchObject({ outcome: 'not-valid-on-date' });
  }));

  test('a rename keeps the body and its identifiers; the name shown depends on the date', () => withStore('dir-eff-rename', async (t) => {
    await save(t, [body('fam', { names: { fr: 'Ministère de la Famille et de l’Intégration', de: 'Familienministerium' }, identifiers: [{ scheme: '9938', value: C, purpose: 'peppol' }] })]);
    await save(t, [body('fam', { names: { fr: 'Ministère de la Famille et des Solidarités', de: 'Familienministerium' }, identifiers: [{ scheme: '9938', value: C, purpose: 'peppol' }] })], '2023-11-17');
    const index = await indexOf(t);
    const b = index.bodies.get('fam')!;
    expect(nameOn(b, '2023-11-16')).toBe('Ministère de la Famille et de l’Intégration');
    expect(nameOn(b, '2023-11-17')).toBe('Ministère de la Famille et des Solidarités');
    expect(resolveRecipient(index, { receiver: `9938:${C}` }, '2026-01-01')).toMatchObject({ ok: true, bodyId: 'fam', redirections: [] });
  }));

  test('a change planned for a future date leaves routing as it is until that date', () => withStore('dir-eff-future', async (t) => {
    await save(t, [body('p', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] }), body('q')]);
    await save(t, [body('p', { status: 'retired', validTo: '2027-01-01', successors: [{ id: 'q', primary: false }], identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })], '2027-01-01');
    const index = await indexOf(t);
    expect(resolveRecipient(index, { receiver: `9938:${A}` }, '2026-12-31')).toMatchObject({ ok: true, bodyId: 'p' });
    expect(resolveRecipient(index, { receiver: `9938:${A}` }, '2027-01-01')).toMatchObject({ ok: true, bodyId: 'q' });
  }));

  test('the cached index sees a change written by another handle (the API process; server mode: another pool) at the next document', () => withStore('dir-eff-cache', async (t) => {
    // embedded PGlite has one owner process: the change comes through the same store there
    const other: StoreHandle | null = testDbMode() === 'server' ? await openStore({ dataDir: t.dataDir, databaseUrl: t.databaseUrl, poolSize: 2 }) : null;
    try {
      await save(t, [body('r')]);
      const cache = new DirectoryIndexCache();
      const first = await cache.get(t);
      expect(resolveRecipient(first, { receiver: `9938:${B}` }, '2026-03-01').ok).toBe(false);
      expect(await cache.get(t)).toBe(first); // same version: the index is not rebuilt
      await save(other ?? t, [body('r', { identifiers: [{ scheme: '9938', value: B, purpose: 'peppol' }] })], '2026-01-01');
      expect(resolveRecipient(await cache.get(t), { receiver: `9938:${B}` }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'r' });
    } finally {
      await other?.close();
    }
  }));

  test('a change this process did not write (another process or host) is seen once EINVOICE_DIRECTORY_RECHECK_MS has passed; one it wrote, at once', () => withStore('dir-eff-recheck', async (t) => {
    await save(t, [body('s')]);
    const slow = new DirectoryIndexCache(() => 60_000);
    const quick = new DirectoryIndexCache(() => 50);
    const every = new DirectoryIndexCache(() => 0);
    for (const c of [slow, quick, every]) expect(resolveRecipient(await c.get(t), { receiver: `9938:${C}` }, '2026-03-01').ok).toBe(false);
    // rows written the way another process's transaction leaves them: no notice to this process's caches
    const now = new Date().toISOString();
    await t.db.insert(bodies).values({ id: 'elsewhere', type: 'ministry', parentId: null, status: 'active', validFrom: '2020-01-01', validTo: null, language: 'fr', createdAt: now, updatedAt: now });
    await t.db.insert(bodyIdentifiers).values({ bodyId: 'elsewhere', scheme: '9938', value: C, valueNorm: C.toLowerCase(), purpose: 'peppol', validFrom: '2020-01-01', validTo: null });
    await t.db.insert(directoryEvents).values({ at: now, actor: 'test', action: 'create', bodyId: 'elsewhere', effectiveFrom: '2020-01-01', source: 'api', before: null, after: {} });
    const found = { ok: true, bodyId: 'elsewhere' };
    expect(resolveRecipient(await every.get(t), { receiver: `9938:${C}` }, '2026-03-01')).toMatchObject(found);
    expect(resolveRecipient(await slow.get(t), { receiver: `9938:${C}` }, '2026-03-01').ok).toBe(false); // checked less than 60 s ago
    await new Promise((r) => setTimeout(r, 80));
    expect(resolveRecipient(await quick.get(t), { receiver: `9938:${C}` }, '2026-03-01')).toMatchObject(found);
    // a write of this process reaches even the slow cache at its next lookup
    await save(t, [body('s', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })], '2026-01-01');
    const after = await slow.get(t);
    expect(resolveRecipient(after, { receiver: `9938:${A}` }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 's' });
    expect(resolveRecipient(after, { receiver: `9938:${C}` }, '2026-03-01')).toMatchObject(found);
  }));

  test('a cache serves each database its own index (two stores, one process)', async () => {
    const a = await openTestStore('dir-cache-a');
    const b = await openTestStore('dir-cache-b');
    try {
      await save(a, [body('in-a', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })]);
      await save(b, [body('in-b', { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })]);
      const cache = new DirectoryIndexCache();
      expect(resolveRecipient(await cache.get(a), { receiver: `9938:${A}` }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'in-a' });
      expect(resolveRecipient(await cache.get(b), { receiver: `9938:${A}` }, '2026-03-01')).toMatchObject({ ok: true, bodyId: 'in-b' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('one write can retire a body into a successor created by the same write (rows land in dependency order)', () => withStore('dir-eff-order', async (t) => {
    await save(t, [body('old', { identifiers: [{ scheme: '9938', value: C, purpose: 'peppol' }] })]);
    await save(t, [
      body('old', { status: 'retired', validTo: '2026-02-01', successors: [{ id: 'brand-new', primary: false }], identifiers: [{ scheme: '9938', value: C, purpose: 'peppol' }] }),
      body('brand-new', { validFrom: '2026-02-01' }),
    ], '2026-02-01');
    expect(resolveRecipient(await indexOf(t), { receiver: `9938:${C}` }, '2026-02-01')).toMatchObject({ ok: true, bodyId: 'brand-new' });
  }));
});

describe('concurrent writes', () => {
  test('two writers claiming one identifier at once (two handles in server mode): one is written, the other refused', () => withStore('dir-race', async (t) => {
    const other: StoreHandle | null = testDbMode() === 'server' ? await openStore({ dataDir: t.dataDir, databaseUrl: t.databaseUrl, poolSize: 2 }) : null;
    try {
      const claim = (id: string, s: Pick<TestStore, 'db'>): Promise<SaveResult> => saveBodies(s, [body(id, { identifiers: [{ scheme: '9938', value: A, purpose: 'peppol' }] })], { actor: 'test', source: 'api' });
      const results = await Promise.all([claim('first', t), claim('second', other ?? t)]);
      expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
      const refused = results.find((r) => !r.ok);
      expect(refused !== undefined && !refused.ok && [...refused.errors.values()].flat().map((e) => e.message).join()).toContain('already belongs to body');
      const owners = (await indexOf(t)).byKey.get(`9938:${A.toLowerCase()}`) ?? [];
      expect(owners).toHaveLength(1);
    } finally {
      await other?.close();
    }
  }));
});
