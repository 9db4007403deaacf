/**
 * Several processes share one PostgreSQL server: a worker's cached directory index must follow a
 * change made through another handle (the API process) at the very next document.
 */
import { openStore, type StoreHandle } from '../../../db/store';
import { routeStage } from '../../../workers/route/stage';
import { body, luVat, save } from '../../directory/helpers';
import { addDocument, depsOf, lastEvent, ubl } from '../../directory/stage-fixtures';
import { openTestStore, type TestStore } from '../../helpers/store';

describe('routeStage across handles (server mode)', () => {
  let t: TestStore;
  let worker: StoreHandle;
  beforeAll(async () => {
    t = await openTestStore('dir-stage-cluster');
    worker = await openStore({ dataDir: t.dataDir, databaseUrl: t.databaseUrl, poolSize: 2 });
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  test('a directory change made through one Store handle is seen by the route resolution of another', async () => {
    const vat = luVat(310777);
    await save(t, [body('min-before', { identifiers: [{ scheme: '9938', value: vat, purpose: 'peppol' }] }), body('min-after')]);
    const deps = depsOf(worker);
    // the worker builds its index (the default, process-wide cache) and routes a first document
    const first = await addDocument(t, ubl({ endpoint: ['9938', vat] }));
    expect(await routeStage(first, deps)).toMatchObject({ state: 'routed', details: { bodyId: 'min-before' } });
    // the "API process" moves the identifier to another body, from the reception date on
    await save(t, [body('min-before'), body('min-after', { identifiers: [{ scheme: '9938', value: vat, purpose: 'peppol' }] })], '2026-03-01');
    const second = await addDocument(t, ubl({ endpoint: ['9938', vat] }));
    expect(await routeStage(second, deps)).toMatchObject({ state: 'routed', details: { bodyId: 'min-after' } });
    const v = (await lastEvent(worker, second)).details.directoryVersion as number;
    expect(v).toBeGreaterThan((await lastEvent(worker, first)).details.directoryVersion as number);
  });
});
