/**
 * docs/openapi.json against the real app: every API route the app mounts (under /api/v1, /inbox/v1,
 * /peppol/v1, /console/api and the health paths) is in the spec with its method, and every
 * operation of the spec is served (not the app's generic 404 for unknown routes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openTestStore, type TestStore } from '../helpers/store';
import { ROOT, startTestServer, type TestServer } from '../pipeline/helpers';

interface Spec {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}
interface Layer { route?: { path: unknown; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const API = /^\/(api\/v1|inbox\/v1|peppol\/v1|console\/api)\/|^\/(healthz|readyz|metrics)$/;
const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8')) as Spec;

/** `/a/:id/b` → `/a/{id}/b` */
const toOpenApi = (p: string): string => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The routes of express 5's router stack, nested routers (mounted without a path) included. */
function routesOf(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route !== undefined) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path as unknown[] : [layer.route.path];
      for (const p of paths) if (typeof p === 'string') for (const m of Object.keys(layer.route.methods)) if (METHODS.includes(m)) out.push(`${m} ${toOpenApi(p)}`);
    } else if (Array.isArray(layer.handle?.stack)) out.push(...routesOf(layer.handle.stack));
  }
  return out;
}

const specOps = (): string[] => Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m} ${p}`));

let srv: TestServer;
let store: TestStore;
let mounted: string[];

beforeAll(async () => {
  store = await openTestStore('openapi');
  srv = await startTestServer(store);
  const router = (srv.server.listeners('request')[0] as unknown as { router: { stack: Layer[] } }).router;
  mounted = [...new Set(routesOf(router.stack).filter((r) => API.test(r.split(' ')[1] ?? '')))].sort();
});
afterAll(async () => {
  await srv.close();
  await store.close();
});

test('the spec is OpenAPI 3.1 with the bearer scheme and the shared Problem schema', () => {
  expect(spec.openapi).toMatch(/^3\.1\./);
  expect(spec.components.securitySchemes).toHaveProperty('bearer');
  expect(spec.components.schemas).toHaveProperty('Problem');
  for (const op of specOps()) {
    const [m, p] = op.split(' ') as [string, string];
    expect(Object.keys(spec.paths[p]?.[m]?.responses ?? {}).length).toBeGreaterThan(0);
  }
  // every $ref points at something
  const text = JSON.stringify(spec);
  for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
    const target = (ref ?? '').split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], spec);
    expect([ref, target !== undefined]).toEqual([ref, true]);
  }
});

test('walking the router finds the API routes (sanity)', () => {
  expect(mounted).toEqual(expect.arrayContaining(['get /healthz', 'post /peppol/v1/inbound', 'post /api/v1/documents', 'get /inbox/v1/documents', 'get /api/v1/bodies/{id}', 'post /api/v1/bodies/{id}/tokens', 'get /console/api/queues']));
  expect(mounted.length).toBeGreaterThan(40);
});

test('every API route the app mounts is documented with its method', () => {
  expect(mounted.filter((r) => !specOps().includes(r))).toEqual([]);
});

test('every documented operation is served by the app', () => {
  expect(specOps().filter((r) => !mounted.includes(r))).toEqual([]);
});

test('a request to every documented operation reaches a route, not the generic 404', async () => {
  const notServed: string[] = [];
  for (const op of specOps()) {
    const [m, p] = op.split(' ') as [string, string];
    const url = srv.url + p.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000').replace(/\{queue\}/g, 'rejected').replace(/\{[^}]+\}/g, 'x');
    const r = await fetch(url, { method: m.toUpperCase() });
    const text = await r.text();
    if (r.status === 404 && text.includes('/problems/not-found') && text.includes('No resource at')) notServed.push(`${op} → ${r.status}`);
  }
  expect(notServed).toEqual([]);
});

test('undocumented paths answer the generic 404 (the check above can tell)', async () => {
  for (const [m, p] of [['GET', '/api/v1/nothing'], ['DELETE', '/api/v1/documents/00000000-0000-4000-8000-000000000000'], ['GET', '/inbox/v1/nothing'], ['GET', '/peppol/v1/inbound']]) {
    const r = await fetch(srv.url + (p ?? ''), { method: m });
    expect([m, p, r.status]).toEqual([m, p, 404]);
    expect(await r.text()).toContain('No resource at');
  }
});
