/**
 * `einvoice convert <file> --to ubl [-o out.xml] [--compute-totals] [--peppol]`: a UBL Invoice/CreditNote
 * or CII invoice written in the Peppol BIS Billing 3.0 UBL syntax. The source's totals are carried as they
 * are unless `--compute-totals` recomputes them (EN 16931 calculation rules). The specification
 * identifier (BT-24) is the source's unless `--peppol` sets Peppol BIS Billing 3.0 (and its business
 * process, BT-23, when the source has none); the document written is then validated (rules in force
 * today) and its Peppol errors, if any, are listed on stderr. What no BT carries is not written: it is
 * listed on stderr.
 * Exit: 0 converted, 1 not a readable invoice, amounts that cannot be computed, or (`--peppol`) a
 * written document with fatal Peppol findings, 2 usage or I/O error.
 */
import fs from 'node:fs';
import { CalculationError } from '../../model/calc';
import { ModelReadError, readInvoice } from '../../model/read';
import { PEPPOL_BILLING_CUSTOMIZATION, writeUbl } from '../../model/write';
import { validate } from '../../validation';
import type { CliCommand } from '../main';
import { parseCommandArgs, readDocumentFile, usageError } from '../args';

/** Characters XML 1.0 forbids even as a character reference (C0 controls but tab, LF, CR; U+FFFE, U+FFFF). */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const USAGE = 'usage: einvoice convert <file> --to ubl [-o <out.xml>] [--compute-totals] [--peppol]';

const usage = (problem = 'missing arguments'): number => usageError('convert', problem, USAGE);

export const command: CliCommand = {
  summary: 'convert a UBL or CII invoice to Peppol BIS Billing 3.0 UBL (--to ubl)',
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs('convert', USAGE, argv, {
      to: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'compute-totals': { type: 'boolean' },
      peppol: { type: 'boolean' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals: files } = parsed;
    const { to, output: out } = values;
    const compute = values['compute-totals'] === true;
    if (files.length !== 1) return usage(files.length ? 'one file at a time' : undefined);
    if (to !== 'ubl') return usage(to === undefined ? '--to is required' : `cannot convert to "${to}" (only ubl)`);
    const bytes = readDocumentFile(files[0]);
    if (typeof bytes === 'string') {
      process.stderr.write(`einvoice convert: ${bytes}\n`);
      return 2;
    }
    let xml: string;
    try {
      const model = readInvoice(bytes);
      for (const a of model.anomalies) process.stderr.write(`einvoice convert: warning: ${a.term} at ${a.location}: ${a.message}\n`);
      if (model.unmapped.length) {
        process.stderr.write(`einvoice convert: ${model.unmapped.length} item(s) carry no EN 16931 term and are not written:\n`);
        for (const u of model.unmapped) process.stderr.write(`  ${u.location}\n`);
      }
      if (values.peppol) model.terms['BG-2'] = { ...model.terms['BG-2'], 'BT-24': PEPPOL_BILLING_CUSTOMIZATION };
      xml = writeUbl(model, { totals: compute ? 'compute' : 'keep' });
    } catch (e) {
      if (e instanceof ModelReadError || e instanceof CalculationError) {
        process.stderr.write(`einvoice convert: ${files[0]}: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    // the model reader takes what the validator would reject; a value with a character XML forbids would make the file written not XML at all
    const forbidden = NOT_XML_CHAR.exec(xml);
    if (forbidden !== null) {
      process.stderr.write(`einvoice convert: ${files[0]}: the invoice carries U+${forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, a character XML does not allow: nothing written\n`);
      return 1;
    }
    if (out === undefined) {
      process.stdout.write(xml);
    } else {
      try {
        fs.writeFileSync(out, xml);
      } catch (e) {
        process.stderr.write(`einvoice convert: ${out}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
    }
    return values.peppol ? peppolCheck(xml, out ?? 'the document written') : 0;
  },
};

/** `--peppol`: the document written claims Peppol BIS Billing 3.0; says on stderr when it does not pass it (exit 1). */
async function peppolCheck(xml: string, written: string): Promise<number> {
  const report = await validate(Buffer.from(xml, 'utf8'));
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  if (report.valid && fatal.length === 0) return 0;
  process.stderr.write(
    `einvoice convert: ${written} does not pass Peppol BIS Billing 3.0 (${report.scenario ?? 'no scenario'}, reception date ${report.date}): ${fatal.length} fatal finding(s)\n`,
  );
  for (const f of fatal) process.stderr.write(`  ${f.ruleId}  ${f.location}  ${f.message}\n`);
  const failed = report.phases.filter((p) => !p.ran).map((p) => p.phase);
  if (failed.length) process.stderr.write(`  phases that could not run: ${failed.join(', ')}\n`);
  return 1;
}
