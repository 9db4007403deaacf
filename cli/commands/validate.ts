/**
 * `einvoice validate <file…> [--json] [--date YYYY-MM-DD] [--scenario ID] [--skip-xsd]`
 * Exit 0: all valid; 1: some invalid; 2: usage or I/O error.
 * `--json` prints one object per file per line: file, valid, scenario, findings (ruleId, flag, location,
 * message, line, source), packs, engine, date.
 */
import fs from 'node:fs';
import { validate, type ValidationReport } from '../../validation';
import { parseCommandArgs, usageError } from '../args';
import type { CliCommand } from '../main';

const USAGE = 'usage: einvoice validate <file…> [--json] [--date YYYY-MM-DD] [--scenario ID] [--skip-xsd]';

function readable(file: string, r: ValidationReport): string {
  const head = `${r.valid ? '✓' : '✗'} ${file}: ${r.valid ? 'valid' : 'INVALID'}${r.scenario ? ` (${r.scenario}` : ' (no scenario'}${
    r.packs.length ? `; ${r.packs.map((p) => `${p.id}@${p.version}`).join(', ')}` : ''
  }; reception date ${r.date}; engine ${r.engine})`;
  const counts = (['fatal', 'warning', 'information'] as const).map((f) => `${r.findings.filter((x) => x.flag === f).length} ${f}`).join(', ');
  const lines = [head, `  ${counts}`];
  for (const f of r.findings) {
    lines.push(`  ${f.flag.padEnd(11)} ${f.ruleId}${f.line ? `  line ${f.line}` : ''}  ${f.location}`);
    lines.push(`              ${f.message}`);
  }
  const failed = r.phases.filter((p) => !p.ran).map((p) => p.phase);
  if (failed.length) lines.push(`  phases that could not run: ${failed.join(', ')}`);
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: 'validate invoices, credit notes and MLS responses (XSD + Schematron); exit 0 valid, 1 invalid, 2 error',
  async run(argv) {
    const parsed = parseCommandArgs('validate', USAGE, argv, {
      json: { type: 'boolean' },
      date: { type: 'string' },
      scenario: { type: 'string' },
      'skip-xsd': { type: 'boolean' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return usageError('validate', 'no file given', USAGE);
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) return usageError('validate', `--date must be YYYY-MM-DD, got "${values.date}"`);
    let code = 0;
    for (const file of positionals) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        process.stderr.write(`einvoice validate: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
        code = 2;
        continue;
      }
      const report = await validate(bytes, { date: values.date, scenario: values.scenario, skipXsd: values['skip-xsd'] });
      if (!report.valid && code === 0) code = 1;
      if (values.json) {
        process.stdout.write(
          JSON.stringify({
            file,
            valid: report.valid,
            scenario: report.scenario,
            findings: report.findings.map((f) => ({ ruleId: f.ruleId, flag: f.flag, location: f.location, message: f.message, ...(f.line ? { line: f.line } : {}), source: f.source })),
            packs: report.packs,
            engine: report.engine,
            date: report.date,
            phases: report.phases,
          }) + '\n',
        );
      } else {
        process.stdout.write(readable(file, report) + '\n');
      }
    }
    return code;
  },
};
