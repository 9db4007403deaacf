/** `einvoice scenarios [--json] [--date YYYY-MM-DD]`: the scenario table with its rule packs and their dates. */
import { config } from '../../config';
import { rulePacks } from '../../schematron/manifest';
import { packsFor, scenarios, today } from '../../validation';
import { checkDateOption, parseCommandArgs } from '../args';
import type { CliCommand } from '../main';

const USAGE = 'usage: einvoice scenarios [--json] [--date YYYY-MM-DD]';

export const command: CliCommand = {
  summary: 'list validation scenarios, their rule packs and validity dates',
  async run(argv) {
    const parsed = parseCommandArgs('scenarios', USAGE, argv, { json: { type: 'boolean' }, date: { type: 'string' } });
    if (typeof parsed === 'number') return parsed;
    const { values } = parsed;
    const badDate = checkDateOption('scenarios', values.date, USAGE);
    if (badDate !== null) return badDate;
    const date = values.date ?? today();
    const list = scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      roots: s.roots.map((r) => ({ namespace: r.namespace, name: r.name, xsd: r.xsd })),
      specificationIds: s.specificationIds,
      packs: s.packs.map((id) => ({
        id,
        inForce: packsFor(s, date).find((c) => c.pack.id === id)!.pack.version,
        releases: rulePacks
          .filter((p) => p.id === id)
          .map((p) => ({ version: p.version, release: p.release, files: p.files, publishedOn: p.publishedOn, validFrom: p.validFrom, validTo: p.validTo })),
      })),
    }));
    if (values.json) {
      process.stdout.write(JSON.stringify({ date, earlyAdoption: config.rulesEarlyAdoption, scenarios: list }, null, 2) + '\n');
      return 0;
    }
    for (const s of list) {
      process.stdout.write(`${s.id} — ${s.title}\n  roots: ${s.roots.map((r) => r.name).join(', ')}; specification: ${s.specificationIds.join(', ')}\n`);
      for (const p of s.packs) {
        process.stdout.write(`  ${p.id}: in force on ${date}: ${p.inForce}\n`);
        for (const r of p.releases) process.stdout.write(`      ${r.version.padEnd(8)} ${r.release}; from ${r.validFrom}${r.validTo ? ` to ${r.validTo}` : ''}\n`);
      }
    }
    return 0;
  },
};
