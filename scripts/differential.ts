/**
 * Differential run: the compiled engine against the reference (saxon-js), finding by finding (rule id,
 * flag, location, message), on every official example, every conformance-test document, and seeded
 * mutations of the examples (removed, duplicated and swapped elements, odd amounts, dates, codes and
 * VAT categories). Any difference is shrunk to a minimal reproducer and written under
 * `.cache/differential/`.
 *
 *   npm run differential -- [--variants N] [--seed S] [--no-conformance] [--limit-packs]
 *
 * Exported helpers are reused by `test/compiled/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { ensureCompiled, type CompiledPack } from '../schematron/build';
import { packKey, rulePacks, type RulePack } from '../schematron/manifest';
import { parseForSaxon, runPack as runSaxon } from '../validation/schematron-saxon';
import { parseForCompiled, preloadPack, runPack as runCompiled } from '../validation/schematron-compiled';
import { caseName, conformanceFiles, conformanceSuites, loadConformanceFile } from '../validation/conformance';
import type { Finding } from '../validation/types';

// ---------- documents ----------

/** `mls`: any UBL ApplicationResponse (Peppol MLS and Invoice Response T111 packs); `tsr` / `eusr`: Peppol reports. */
export type DocKind = 'ubl' | 'cii' | 'mls' | 'tsr' | 'eusr';

export function kindOf(text: string): DocKind | null {
  const m = /<(?:[A-Za-z_][\w.-]*:)?(Invoice|CreditNote|CrossIndustryInvoice|ApplicationResponse|TransactionStatisticsReport|EndUserStatisticsReport)[\s>/]/.exec(text);
  if (!m) return null;
  switch (m[1]) {
    case 'CrossIndustryInvoice':
      return 'cii';
    case 'ApplicationResponse':
      return 'mls';
    case 'TransactionStatisticsReport':
      return 'tsr';
    case 'EndUserStatisticsReport':
      return 'eusr';
    default:
      return 'ubl';
  }
}

const SYNTAX_OF_KIND: Record<DocKind, RulePack['syntax']> = { ubl: 'ubl', cii: 'cii', mls: 'ubl-application-response', tsr: 'peppol-tsr', eusr: 'peppol-eusr' };

/** Every pack that applies to a kind of document (all releases: more coverage). */
export function packsForKind(kind: DocKind): RulePack[] {
  return rulePacks.filter((p) => p.syntax === SYNTAX_OF_KIND[kind]);
}

/**
 * Every official example, in every folder below `examples/` (the reporting examples sit in
 * `peppol-reporting/{tsr,eusr}/` and their negative examples in `…/bad/`, which are compared too: the
 * engines must agree on what fails as well). A SchUnit test set wrapping a report is not a document
 * of its own: its root matches no pack.
 */
export function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xml')) out.push(p);
    }
  };
  walk(path.resolve(config.rulesDir, '..', 'examples'));
  return out;
}

// ---------- the two engines ----------

export interface Outcome {
  findings: string[];
  error: string | null;
}

const compiledPacks = new Map<string, CompiledPack>();
export async function loadPack(pack: RulePack): Promise<CompiledPack> {
  const key = packKey(pack);
  let c = compiledPacks.get(key);
  if (!c) {
    c = (await ensureCompiled(pack)).compiled;
    await preloadPack(c);
    compiledPacks.set(key, c);
  }
  return c;
}

export const findingKey = (f: Finding): string => `${f.ruleId} | ${f.flag} | ${f.location} | ${f.message}`;

export async function runReference(pack: CompiledPack, text: string): Promise<Outcome> {
  try {
    const src = await parseForSaxon(text);
    return { findings: runSaxon(pack, src).map(findingKey), error: null };
  } catch (e) {
    return { findings: [], error: (e as Error).message };
  }
}

export function runCompiledEngine(pack: CompiledPack, text: string): Outcome {
  try {
    return { findings: runCompiled(pack, parseForCompiled(text)).map(findingKey), error: null };
  } catch (e) {
    return { findings: [], error: (e as Error).message };
  }
}

/** Differences between two outcomes (multiset of findings; both failing counts as agreement). */
export function diff(ref: Outcome, got: Outcome): string[] {
  if (ref.error !== null || got.error !== null) {
    if (ref.error !== null && got.error !== null) return [];
    return [ref.error !== null ? `reference failed (${ref.error.slice(0, 300)}), compiled did not` : `compiled failed (${got.error!.slice(0, 300)}), reference did not`];
  }
  const count = new Map<string, number>();
  for (const f of ref.findings) count.set(f, (count.get(f) ?? 0) + 1);
  for (const f of got.findings) count.set(f, (count.get(f) ?? 0) - 1);
  const out: string[] = [];
  for (const [f, n] of count) {
    if (n > 0) out.push(`missing in compiled (×${n}): ${f}`);
    if (n < 0) out.push(`extra in compiled (×${-n}): ${f}`);
  }
  return out.sort();
}

// ---------- a tiny mutable DOM for mutations ----------

export interface MElement {
  name: string;
  attrs: [string, string][];
  children: (MElement | string)[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escA = (s: string): string => esc(s).replace(/"/g, '&quot;');

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e],
  );
}

/** Parses well-formed XML without DOCTYPE into a mutable tree (comments and PIs dropped). */
export function parseM(text: string): MElement {
  const root: MElement = { name: '#root', attrs: [], children: [] };
  const stack: MElement[] = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/[^>]+>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (stack.length > 1) top.children.push(decode(m[5]));
    } else if (m[1] !== undefined) top.children.push(m[1]);
    else if (m[2] !== undefined) {
      const attrs: [string, string][] = [];
      const ar = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      while ((a = ar.exec(m[3])) !== null) attrs.push([a[1], decode(a[2] ?? a[3])]);
      const el: MElement = { name: m[2], attrs, children: [] };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    } else if (m[0].startsWith('</')) stack.pop();
  }
  return root.children.find((c): c is MElement => typeof c !== 'string')!;
}

export function serializeM(el: MElement): string {
  const out: string[] = [];
  const w = (e: MElement): void => {
    out.push(`<${e.name}${e.attrs.map(([k, v]) => ` ${k}="${escA(v)}"`).join('')}`);
    if (e.children.length === 0) {
      out.push('/>');
      return;
    }
    out.push('>');
    for (const c of e.children) {
      if (typeof c === 'string') out.push(esc(c));
      else w(c);
    }
    out.push(`</${e.name}>`);
  };
  w(el);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join('')}`;
}

function cloneM(e: MElement): MElement {
  return { name: e.name, attrs: e.attrs.map(([k, v]) => [k, v]), children: e.children.map((c) => (typeof c === 'string' ? c : cloneM(c))) };
}

/** Every element with its parent (the root excluded), in document order. */
function elementsWithParent(root: MElement): { el: MElement; parent: MElement }[] {
  const out: { el: MElement; parent: MElement }[] = [];
  const walk = (p: MElement): void => {
    for (const c of p.children) {
      if (typeof c === 'string') continue;
      out.push({ el: c, parent: p });
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** mulberry32: a small seeded PRNG, so a run can be repeated exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_AMOUNTS = ['0', '-0', '0.00', '-12.5', '100.005', '1e3', '12,50', 'abc', '', ' 42.10 ', '999999999999.99', '0.1', '-0.01', '1.', '.5', '+3', '7', '100.00', '33.333333'];
const ODD_DATES = ['2024-02-29', '2023-02-29', '2024-13-01', '20240101', '2024-01-01Z', '2024-01-01+02:00', '', '1999-12-31', '2099-01-01', ' 2024-05-05 '];
const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M', 'B', 'X', 's', ''];
const ODD_CODES = ['380', '381', '384', '389', '30', '31', '42', '48', '49', '58', '59', '97', 'ZZZ', 'EUR', 'USD', 'SEK', 'NOK', 'DKK', 'NL', 'DE', 'SE', 'IT', 'NO', 'GR', 'AU', 'VAT', 'vat', '0088', '0192', '0208', '9938', '0007', '0106', 'C62', 'EA', 'XYZ', 'true', 'false', '1', 'x'];
const ODD_PERCENTS = ['0', '25', '21.0', '-5', '100', '7.5', 'NaN', ''];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function leafText(e: MElement): string | null {
  if (e.children.length === 0) return '';
  if (e.children.every((c) => typeof c === 'string')) return e.children.join('');
  return null;
}

function oddValueFor(r: () => number, e: MElement): string {
  const local = e.name.replace(/^.*:/, '');
  if (/Amount$|Quantity$|BaseQuantity|MultiplierFactorNumeric|Amount/.test(local)) return pick(r, ODD_AMOUNTS);
  if (/Date$|DateTime/.test(local)) return pick(r, ODD_DATES);
  if (/Percent$|RateApplicable|CalculationPercent|Rate$/.test(local)) return pick(r, ODD_PERCENTS);
  if (/^(ID|CategoryCode)$/.test(local) && r() < 0.5) return pick(r, VAT_CATEGORIES);
  if (/Code$|ID$|Indicator$/.test(local)) return pick(r, ODD_CODES);
  return pick(r, [...ODD_AMOUNTS, ...ODD_DATES, ...ODD_CODES, 'text', '  ', 'Line\nbreak']);
}

/** Applies 1–3 random mutations; returns a description of each. */
export function mutate(root: MElement, r: () => number): string[] {
  const done: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const all = elementsWithParent(root);
    if (all.length === 0) break;
    const { el, parent } = pick(r, all);
    const i = parent.children.indexOf(el);
    const x = r();
    if (x < 0.2) {
      parent.children.splice(i, 1);
      done.push(`removed ${el.name}`);
    } else if (x < 0.35) {
      parent.children.splice(i + 1, 0, cloneM(el));
      done.push(`duplicated ${el.name}`);
    } else if (x < 0.42) {
      const sibs = parent.children.filter((c): c is MElement => typeof c !== 'string');
      const other = pick(r, sibs);
      const j = parent.children.indexOf(other);
      parent.children[i] = other;
      parent.children[j] = el;
      done.push(`swapped ${el.name} and ${other.name}`);
    } else if (x < 0.85) {
      // Alter a leaf (prefer leaves: that is where amounts, dates and codes are).
      const leaves = all.filter((a) => leafText(a.el) !== null);
      const target = leaves.length ? pick(r, leaves).el : el;
      const v = oddValueFor(r, target);
      target.children = v === '' ? [] : [v];
      done.push(`set ${target.name} to "${v}"`);
    } else {
      const withAttrs = all.filter((a) => a.el.attrs.length > 0);
      if (withAttrs.length === 0) continue;
      const target = pick(r, withAttrs).el;
      const a = pick(r, target.attrs);
      a[1] = pick(r, [...ODD_CODES, '', 'EUR', 'SEK']);
      done.push(`set ${target.name}/@${a[0]} to "${a[1]}"`);
    }
  }
  return done;
}

// ---------- shrinking ----------

/** Removes subtrees (then single children) while the difference persists: a minimal reproducer. */
export async function shrink(text: string, differs: (t: string) => Promise<boolean>, budget = 300): Promise<string> {
  let root = parseM(text);
  let tries = 0;
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    const all = elementsWithParent(root);
    for (let k = all.length - 1; k >= 0 && tries < budget; k--) {
      const trial = cloneM(root);
      const again = elementsWithParent(trial)[k];
      again.parent.children.splice(again.parent.children.indexOf(again.el), 1);
      tries++;
      if (await differs(serializeM(trial))) {
        root = trial;
        progress = true;
        break;
      }
    }
  }
  return serializeM(root);
}

// ---------- the run ----------

export interface DiffCase {
  name: string;
  text: string;
  /** What was changed (generated variants). */
  mutations?: string[];
}

export interface DiffResult {
  cases: number;
  comparisons: number;
  differences: { name: string; pack: string; mutations?: string[]; problems: string[]; reproducer?: string }[];
  refMs: number;
  compiledMs: number;
}

export async function compareCases(
  cases: DiffCase[],
  opts: { shrink?: boolean; packs?: (kind: DocKind) => RulePack[]; onProgress?: (done: number) => void } = {},
): Promise<DiffResult> {
  const res: DiffResult = { cases: 0, comparisons: 0, differences: [], refMs: 0, compiledMs: 0 };
  for (const c of cases) {
    const kind = kindOf(c.text);
    if (!kind) continue;
    res.cases++;
    for (const pack of (opts.packs ?? packsForKind)(kind)) {
      const cp = await loadPack(pack);
      const t0 = performance.now();
      const ref = await runReference(cp, c.text);
      const t1 = performance.now();
      const got = runCompiledEngine(cp, c.text);
      res.refMs += t1 - t0;
      res.compiledMs += performance.now() - t1;
      res.comparisons++;
      const problems = diff(ref, got);
      if (problems.length) {
        const d: DiffResult['differences'][number] = { name: c.name, pack: packKey(pack), mutations: c.mutations, problems };
        if (opts.shrink) {
          d.reproducer = await shrink(c.text, async (t) => diff(await runReference(cp, t), runCompiledEngine(cp, t)).length > 0);
        }
        res.differences.push(d);
      }
    }
    opts.onProgress?.(res.cases);
  }
  return res;
}

export function generateVariants(bases: DiffCase[], count: number, seed: number): DiffCase[] {
  const r = prng(seed);
  const out: DiffCase[] = [];
  const parsed = bases.map((b) => ({ b, root: parseM(b.text) }));
  for (let k = 0; k < count; k++) {
    const { b, root } = parsed[k % parsed.length];
    const copy = cloneM(root);
    const mutations = mutate(copy, r);
    out.push({ name: `${b.name}~v${k}`, text: serializeM(copy), mutations });
  }
  return out;
}

export function exampleCases(): DiffCase[] {
  return exampleFiles().map((f) => ({ name: path.relative(path.resolve(config.rulesDir, '..'), f), text: fs.readFileSync(f, 'utf8') }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const variants = arg('--variants', 2000);
  const seed = arg('--seed', 20261122);
  const cases: DiffCase[] = exampleCases();
  if (!args.includes('--no-conformance')) {
    for (const suite of Object.keys(conformanceSuites)) {
      for (const f of conformanceFiles(suite)) for (const c of await loadConformanceFile(suite, f)) cases.push({ name: `conformance/${suite}/${caseName(c)}`, text: c.document });
    }
  }
  const all = [...cases, ...generateVariants(exampleCases(), variants, seed)];
  const t0 = Date.now();
  const res = await compareCases(all, {
    shrink: !args.includes('--no-shrink'),
    onProgress: (n) => {
      if (n % 100 === 0) process.stderr.write(`  ${n}/${all.length} documents\n`);
    },
  });
  const outDir = path.join(config.projectRoot, '.cache', 'differential');
  fs.mkdirSync(outDir, { recursive: true });
  res.differences.forEach((d, i) => {
    if (d.reproducer) fs.writeFileSync(path.join(outDir, `diff-${i + 1}.xml`), d.reproducer);
  });
  fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(res, null, 2));
  console.log(
    `differential (seed ${seed}): ${res.cases} documents (${cases.length} examples and conformance documents, ${variants} variants), ${res.comparisons} pack runs, ${res.differences.length} differences, ${((Date.now() - t0) / 1000).toFixed(0)} s (reference ${(res.refMs / 1000).toFixed(1)} s, compiled ${(res.compiledMs / 1000).toFixed(1)} s)`,
  );
  for (const d of res.differences.slice(0, 30)) {
    console.log(`- ${d.name} [${d.pack}]${d.mutations ? ` (${d.mutations.join('; ')})` : ''}`);
    for (const p of d.problems.slice(0, 5)) console.log(`    ${p}`);
  }
  if (res.differences.length) {
    console.log(`reproducers in ${outDir}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 2;
  });
}
