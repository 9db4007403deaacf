/**
 * `npm run deps:check`: the import graph of the hub's folders, printed, and checked against the
 * layering of docs/ARCHITECTURE.md. Fails (exit 1) on an import that points up the table or across
 * a forbidden edge, and on a cycle between folders (the capabilities of core/ count as folders of
 * their own, so `core/documents` → `core/directory` → `core/documents` is a cycle too).
 *
 * Reads every .ts file of the production folders with TypeScript's pre-processor (import, export …
 * from, require, dynamic import), resolves relative specifiers, and ignores packages.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** Folder → its layer; a folder may import only folders of a lower layer (or itself). */
const LAYERS: Record<string, number> = {
  config: 0,
  types: 0,
  lib: 0,
  schematron: 1,
  model: 1,
  db: 2,
  validation: 2,
  web: 2,
  templates: 3,
  core: 4,
  fixtures: 5,
  workers: 5,
  services: 6,
  cli: 7,
};

/** Edges refused although they point down (the rules of the house, beyond the layers). */
const FORBIDDEN: [from: string, to: string, why: string][] = [
  ['services', 'db', 'services/ never imports db/ directly: it calls core/'],
  ['workers', 'db', 'workers/ reach the database through core/'],
  ['fixtures', 'db', 'fixtures/ load data through core/'],
  ['templates', 'validation', 'templates/ import only model/ and the web kit (web/)'],
  ['templates', 'schematron', 'templates/ import only model/ and the web kit (web/)'],
  ['web', 'model', 'the web kit stands on its own (languages come from config)'],
];

const PRODUCTION = Object.keys(LAYERS);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') out.push(...tsFiles(p)); } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The graph node of a file: its top-level folder, or `core/<capability>` inside core/. */
function nodeOf(file: string): string | null {
  const rel = path.relative(ROOT, file).split(path.sep);
  const top = rel[0];
  if (top === undefined || !(top in LAYERS)) return null;
  if (top === 'core' && rel.length > 2) return `core/${rel[1]}`;
  return top;
}

const folderOf = (node: string): string => node.split('/')[0] ?? node;

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, path.join(base, 'index.ts'), `${base}.js`]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

interface Edge { from: string; to: string; file: string; spec: string }

const edges: Edge[] = [];
for (const folder of PRODUCTION) {
  for (const file of tsFiles(path.join(ROOT, folder))) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const from = nodeOf(file);
    if (from === null) continue;
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName);
      const to = target === null ? null : nodeOf(target);
      if (to !== null && to !== from) edges.push({ from, to, file: path.relative(ROOT, file), spec: ref.fileName });
    }
  }
}

const problems: string[] = [];
for (const e of edges) {
  const [f, t] = [folderOf(e.from), folderOf(e.to)];
  if (f === t) continue;
  if ((LAYERS[t] ?? 0) >= (LAYERS[f] ?? 0)) problems.push(`upward: ${e.file} imports ${e.spec} (${f} → ${t})`);
  const rule = FORBIDDEN.find(([a, b]) => a === f && b === t);
  if (rule) problems.push(`forbidden: ${e.file} imports ${e.spec} — ${rule[2]}`);
}

// folder graph and its strongly connected components (Tarjan)
const graph = new Map<string, Set<string>>();
for (const e of edges) {
  if (!graph.has(e.from)) graph.set(e.from, new Set());
  graph.get(e.from)!.add(e.to);
  if (!graph.has(e.to)) graph.set(e.to, new Set());
}
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
function visit(v: string): void {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const comp: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
    if (comp.length > 1) cycles.push(comp.sort());
  }
}
for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
for (const c of cycles) {
  const inCycle = new Set(c);
  const examples = edges.filter((e) => inCycle.has(e.from) && inCycle.has(e.to)).slice(0, 6).map((e) => `${e.file} → ${e.spec}`);
  problems.push(`cycle: ${c.join(' ⇄ ')} (e.g. ${examples.join('; ')})`);
}

const counts = new Map<string, number>();
for (const e of edges) counts.set(`${e.from} → ${e.to}`, (counts.get(`${e.from} → ${e.to}`) ?? 0) + 1);
const byLayer = (a: string, b: string): number => (LAYERS[folderOf(b)] ?? 0) - (LAYERS[folderOf(a)] ?? 0) || a.localeCompare(b);
console.log('folder graph (imports per edge):');
for (const from of [...graph.keys()].sort(byLayer)) {
  const tos = [...(graph.get(from) ?? [])].sort(byLayer);
  if (tos.length > 0) console.log(`  ${from} → ${tos.map((t) => `${t} (${counts.get(`${from} → ${t}`)})`).join(', ')}`);
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('\nno upward import, no cycle');
