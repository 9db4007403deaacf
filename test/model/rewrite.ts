import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { validate } from '../../validation';
import { example, invoiceExamples } from './helpers';

/** Validates each example and its UBL rewrite; returns the fatal findings of rewrites whose source had none. */
export async function rewriteProblems(folders: string[]): Promise<{ checked: number; problems: string[] }> {
  const date = '2026-06-01';
  const fatal = (r: { findings: { flag: string; ruleId: string; location: string; message: string }[] }): string[] =>
    r.findings.filter((f) => f.flag === 'fatal').map((f) => `${f.ruleId} ${f.location} ${f.message}`);
  const problems: string[] = [];
  let checked = 0;
  for (const { name } of invoiceExamples().filter((e) => folders.some((f) => e.name.startsWith(`${f}/`)))) {
    const src = example(name);
    if (fatal(await validate(src, { date })).length > 0) continue;
    checked++;
    const after = await validate(Buffer.from(writeUbl(readInvoice(src), { totals: 'keep' })), { date });
    for (const f of fatal(after)) problems.push(`${name} (${after.scenario}): ${f}`);
  }
  return { checked, problems };
}
