/**
 * Which webhooks serve a body (one query up the chain of accounting units): its own active ones; when
 * it has none and is an accounting unit, the nearest ancestor's; disabled ones never; a body that is
 * not an accounting unit never borrows its parent's.
 */
import { disableWebhook } from '../../core/dispatch/webhooks';
import { webhooksFor } from '../../core/dispatch/bodies';
import { body, fixtureWebhook, tempEnv, type Env } from './helpers';

let env: Env;

beforeAll(async () => {
  env = await tempEnv('hooks-serving', [
    body('min-m'),
    body('au-1', { type: 'accounting-unit', parentId: 'min-m' }),
    body('au-2', { type: 'accounting-unit', parentId: 'au-1' }),
    body('svc', { type: 'administration', parentId: 'min-m' }),
  ]);
});
afterAll(() => env.close());

const served = async (bodyId: string): Promise<string[]> => (await webhooksFor(env.store.db, bodyId)).map((h) => h.url);

test('own first, else the nearest ancestor through accounting units only; disabled ones are skipped', async () => {
  expect(await served('au-2')).toEqual([]);
  await fixtureWebhook(env, 'min-m', 'https://m.example/1', 's');
  await fixtureWebhook(env, 'min-m', 'https://m.example/2', 's');
  expect(await served('au-2')).toEqual(['https://m.example/1', 'https://m.example/2']);
  expect(await served('svc')).toEqual([]); // not an accounting unit: its own only
  const own = await fixtureWebhook(env, 'au-1', 'https://au1.example/', 's');
  expect(await served('au-2')).toEqual(['https://au1.example/']);
  expect(await served('au-1')).toEqual(['https://au1.example/']);
  expect(await served('min-m')).toEqual(['https://m.example/1', 'https://m.example/2']);
  await disableWebhook(env.store, 'au-1', own.id, { actor: 'test', now: new Date() });
  expect(await served('au-2')).toEqual(['https://m.example/1', 'https://m.example/2']);
  expect(await served('no-such-body')).toEqual([]);
});
