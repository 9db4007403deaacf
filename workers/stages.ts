/**
 * The stage registry: which stage processors exist in this build. `validate` is part of the
 * pipeline; `route` (workers/route/stage.ts → routeStage), `render` (workers/render/stage.ts →
 * renderStage) and `dispatch` (workers/dispatch/stage.ts → dispatchStage) are plugged in when
 * their files exist. A missing stage ends the pipeline at its input state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StageName, StageProcessor } from './stage-contract';
import { validateStage } from './validate/stage';

const PLUGGED: { name: StageName; dir: string; exportName: string }[] = [
  { name: 'route', dir: 'route', exportName: 'routeStage' },
  { name: 'render', dir: 'render', exportName: 'renderStage' },
  { name: 'dispatch', dir: 'dispatch', exportName: 'dispatchStage' },
];

let cache: Map<StageName, StageProcessor> | undefined;

export function loadStages(): Map<StageName, StageProcessor> {
  if (cache !== undefined) return cache;
  const m = new Map<StageName, StageProcessor>([['validate', validateStage]]);
  for (const p of PLUGGED) {
    const file = path.join(__dirname, p.dir, 'stage.ts');
    if (!fs.existsSync(file)) continue;
    // Plug-in loaded by path so that the build does not depend on stages that have not landed yet.
    const mod = require(file) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
    const fn = mod[p.exportName];
    if (typeof fn !== 'function') throw new Error(`${file} does not export ${p.exportName}()`);
    m.set(p.name, fn as StageProcessor);
  }
  cache = m;
  return m;
}

export function availableStages(): Set<StageName> {
  return new Set(loadStages().keys());
}
