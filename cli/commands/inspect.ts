/**
 * `einvoice inspect <file…> [--json]`: the canonical model of each invoice, BT-keyed, with the values
 * kept raw (anomalies) and the content no BT carries (unmapped).
 * Exit: 0 every file read, 1 some file is not a UBL/CII invoice, 2 usage or I/O error.
 */
import { byId, catalogue } from '../../model/catalogue';
import { BinaryObject, type CanonicalInvoice } from '../../model/canonical';
import { ModelReadError, readInvoice } from '../../model/read';
import { summarize } from '../../model/summary';
import { parseCommandArgs, readDocumentFile, stdoutClosed, usageError } from '../args';
import type { CliCommand } from '../main';

const USAGE = 'usage: einvoice inspect <file…> [--json]';

function show(v: unknown): string {
  if (v instanceof BinaryObject) return `${v.filename || '(no file name)'} (${v.mimeCode || 'no mime code'}, ${v.size} bytes)`;
  if (v && typeof v === 'object' && 'value' in v) {
    const id = v as { value: string; scheme?: string; schemeVersion?: string };
    return id.scheme ? `${id.value} [scheme ${id.scheme}${id.schemeVersion ? ` ${id.schemeVersion}` : ''}]` : id.value;
  }
  return String(v);
}

const ORDER = new Map(catalogue.map((t, i) => [t.id as string, i]));

function tree(obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const k of Object.keys(obj).sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0))) {
    const v = obj[k];
    const name = byId(k)?.name ?? k;
    const items = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const n = Array.isArray(v) && v.length > 1 ? `[${i + 1}]` : '';
      if (k.startsWith('BG-')) {
        out.push(`${indent}${k}${n} ${name}`);
        tree(item as Record<string, unknown>, indent + '  ', out);
      } else out.push(`${indent}${k}${n} ${name}: ${show(item)}`);
    });
  }
}

/** The human-readable report of one model. */
export function formatInspection(file: string, model: CanonicalInvoice): string {
  const s = summarize(model);
  const out = [`${file}: ${model.syntax.toUpperCase()} ${model.kind} ${s.number ?? '(no number)'} of ${s.issueDate ?? '?'}, ${s.seller.name ?? '?'} → ${s.buyer.name ?? '?'}, ${s.totals.due ?? '?'} ${s.currency ?? ''} due, ${s.lineCount} line(s)`];
  tree(model.terms as Record<string, unknown>, '  ', out);
  if (model.anomalies.length) {
    out.push(`  kept raw (${model.anomalies.length}):`);
    for (const a of model.anomalies) out.push(`    ${a.term} at ${a.location}: ${a.message} (raw ${JSON.stringify(a.raw)})`);
  }
  if (model.unmapped.length) {
    out.push(`  not an EN 16931 term (${model.unmapped.length}), kept as extension data:`);
    for (const u of model.unmapped) out.push(`    ${u.location} = ${JSON.stringify(u.value.length > 120 ? u.value.slice(0, 117) + '...' : u.value)}`);
  }
  return out.join('\n');
}

export const command: CliCommand = {
  summary: 'show the EN 16931 canonical model of invoices (BT-keyed), values kept raw, unmapped content',
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs('inspect', USAGE, argv, { json: { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const json = parsed.values.json === true;
    const files = parsed.positionals;
    if (files.length === 0) return usageError('inspect', 'no file given', USAGE);
    let code = 0;
    for (const file of files) {
      if (stdoutClosed()) break;
      const bytes = readDocumentFile(file);
      if (typeof bytes === 'string') {
        process.stderr.write(`einvoice inspect: ${bytes}\n`);
        code = 2;
        continue;
      }
      try {
        const model = readInvoice(bytes);
        process.stdout.write((json ? JSON.stringify({ file, ...model }) : formatInspection(file, model)) + '\n');
      } catch (e) {
        if (!(e instanceof ModelReadError)) throw e;
        if (json) process.stdout.write(JSON.stringify({ file, error: e.message }) + '\n');
        else process.stderr.write(`einvoice inspect: ${file}: ${e.message}\n`);
        code = Math.max(code, 1);
      }
    }
    return code;
  },
};
