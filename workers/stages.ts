/**
 * The stage registry: which stage processors exist in this build. Each stage lives in
 * `workers/<stage>/stage.ts` and exports `<stage>Stage`: `validate` (this issue), `route`
 * (routeStage), `render` (renderStage), `dispatch` (dispatchStage). A missing stage ends the
 * pipeline at its input state.
 *
 * Existence is a file check, loading is lazy and per stage: the API process never loads stage
 * code, and a worker process loads only the stages it runs inline (the sandboxed ones are loaded
 * by their worker threads).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StageName, StageProcessor } from './stage-contract';

const EXPORTS: Record<StageName, string> = { validate: 'validateStage', route: 'routeStage', render: 'renderStage', dispatch: 'dispatchStage' };

export function stageFile(name: StageName): string {
  return path.join(__dirname, name, 'stage.ts');
}

export function availableStages(): Set<StageName> {
  return new Set((Object.keys(EXPORTS) as StageName[]).filter((n) => fs.existsSync(stageFile(n))));
}

const cache = new Map<StageName, StageProcessor>();

export function loadStage(name: StageName): StageProcessor {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const file = stageFile(name);
  // loaded by path so that the build does not depend on stages that have not landed yet
  const mod = require(file) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
  const fn = mod[EXPORTS[name]];
  if (typeof fn !== 'function') throw new Error(`${file} does not export ${EXPORTS[name]}()`);
  cache.set(name, fn as StageProcessor);
  return fn as StageProcessor;
}

/** Every available stage, loaded. */
export function loadStages(): Map<StageName, StageProcessor> {
  return new Map([...availableStages()].map((n) => [n, loadStage(n)]));
}
