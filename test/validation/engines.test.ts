/** EINVOICE_ENGINE / the engine option chooses the Schematron back end; the report names it; an unknown one fails closed. */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '../../validation';

const base = fs.readFileSync(path.resolve(__dirname, '../../../shared/examples/peppol-billing/base-example.xml'), 'utf8');
const invalid = Buffer.from(base.replace(/<cbc:PayableAmount currencyID="EUR">[^<]*</, '<cbc:PayableAmount currencyID="EUR">1.00<'));
const key = (f: { ruleId: string; flag: string; location: string }) => `${f.ruleId} ${f.flag} ${f.location}`;

test('both engines run the same packs and report the same findings, each naming itself', async () => {
  const saxon = await validate(invalid, { engine: 'saxon' });
  const compiled = await validate(invalid, { engine: 'compiled' });
  expect(saxon.engine).toBe('saxon');
  expect(compiled.engine).toBe('compiled');
  expect(compiled.packs).toEqual(saxon.packs);
  expect(compiled.findings.map(key).sort()).toEqual(saxon.findings.map(key).sort());
  expect(saxon.findings.some((f) => f.ruleId === 'BR-CO-16')).toBe(true);
});

test('EINVOICE_ENGINE is read when the options do not choose', async () => {
  const saved = process.env.EINVOICE_ENGINE;
  process.env.EINVOICE_ENGINE = 'compiled';
  try {
    expect((await validate(Buffer.from(base))).engine).toBe('compiled');
  } finally {
    if (saved === undefined) delete process.env.EINVOICE_ENGINE;
    else process.env.EINVOICE_ENGINE = saved;
  }
});

test('an unknown engine fails closed', async () => {
  const r = await validate(Buffer.from(base), { engine: 'fast-and-loose' });
  expect(r.valid).toBe(false);
  expect(r.findings).toEqual([expect.objectContaining({ source: 'engine', ruleId: 'HUB-ENGINE', flag: 'fatal' })]);
  expect(r.findings[0].message).toMatch(/saxon or compiled/);
});
