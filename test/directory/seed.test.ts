import { loadDirectoryRows } from '../../db/repositories/directory';
import { buildIndex, nameOn } from '../../core/directory/directory-index';
import { resolveRecipient } from '../../core/directory/resolve';
import { checkIdentifier } from '../../core/directory/schemes';
import { bodyHistory, currentBodies } from '../../core/directory/view';
import { buildSeedSteps, seedBodies, seedDirectory } from '../../fixtures/directory/seed';
import { openTestStore, type TestStore } from '../helpers/store';

describe('directory seed', () => {
  test('at least 800 well-formed bodies: ministries, all 100 communes, administrations, establishments, accounting units', () => {
    const bodies = seedBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(800);
    const active = bodies.filter((b) => b.status === 'active');
    expect(active.filter((b) => b.type === 'commune')).toHaveLength(100);
    expect(active.filter((b) => b.type === 'ministry').length).toBeGreaterThanOrEqual(20);
    for (const t of ['administration', 'public-establishment', 'accounting-unit', 'school', 'syndicate']) expect(bodies.some((b) => b.type === t)).toBe(true);
    const keys = new Set<string>();
    for (const b of bodies) {
      for (const x of b.identifiers) {
        expect(checkIdentifier(x.scheme, x.value)).toBeNull();
        keys.add(`${x.scheme}:${x.value.toLowerCase()}`);
      }
    }
    expect(keys.size).toBe(bodies.reduce((n, b) => n + b.identifiers.length, 0));
    // deterministic
    expect(JSON.stringify(buildSeedSteps())).toBe(JSON.stringify(buildSeedSteps()));
  });

  describe('in a database', () => {
    let s: TestStore;
    beforeAll(async () => { s = await openTestStore('dir-seed'); });
    afterAll(async () => { await s.close(); });

    test('seedDirectory loads into an empty database once, with the reorganisations as dated history', async () => {
      const first = await seedDirectory(s);
      expect(first.seeded).toBe(true);
      expect(first.bodies).toBeGreaterThanOrEqual(800);
      expect(await seedDirectory(s)).toEqual({ seeded: false, bodies: 0 });
      const current = await currentBodies(s);
      expect(current.size).toBe(first.bodies);
      const index = buildIndex(await loadDirectoryRows(s.db));

      // renamed after the election: same body, new name from 2023-11-17
      const fam = index.bodies.get('min-famille')!;
      expect(nameOn(fam, '2023-11-16')).toMatch(/Intégration/);
      expect(nameOn(fam, '2023-11-17')).toMatch(/Solidarités/);
      expect((await bodyHistory(s, 'min-famille')).map((e) => [e.action, e.effectiveFrom])).toEqual([['update', '2023-11-17'], ['create', '2000-01-01']]);

      // split in two: before the date the old ministry, after it the primary successor
      const energy = current.get('min-energie-amenagement')!;
      expect(energy).toMatchObject({ status: 'retired', validTo: '2023-11-17' });
      const id = energy.identifiers.find((x) => x.scheme === '9938')!;
      expect(resolveRecipient(index, { receiver: `9938:${id.value}` }, '2023-11-16')).toMatchObject({ ok: true, bodyId: 'min-energie-amenagement' });
      expect(resolveRecipient(index, { receiver: `9938:${id.value}` }, '2024-02-01')).toMatchObject({
        ok: true, bodyId: 'min-economie', redirections: [{ from: 'min-energie-amenagement', to: 'min-economie', reason: 'primary-successor' }],
      });
      // merged communes
      const wahl = current.get('commune-wahl')!;
      expect(resolveRecipient(index, { bt49: { scheme: '9938', value: wahl.identifiers.find((x) => x.scheme === '9938')!.value } }, '2025-01-01')).toMatchObject({ ok: true, bodyId: 'commune-groussbus-wal' });
      // an accounting unit has its own endpoint
      const unit = current.get('commune-luxembourg.recette')!;
      expect(resolveRecipient(index, { receiver: `0240:${unit.identifiers[0]!.value}` }, '2025-01-01')).toMatchObject({ ok: true, bodyId: 'commune-luxembourg.recette' });
    });
  });

  test('processes starting at once on one database: one seeds, the others find bodies and do nothing', async () => {
    const s = await openTestStore('dir-seed-race');
    try {
      const runs = await Promise.all([seedDirectory(s), seedDirectory(s), seedDirectory(s)]);
      expect(runs.filter((r) => r.seeded)).toHaveLength(1);
      expect((await currentBodies(s)).size).toBe(runs.find((r) => r.seeded)!.bodies);
    } finally {
      await s.close();
    }
  });
});
