/** Odd values in random places never make the reader or the writer throw. */
import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { example } from './helpers';

test('hundreds of odd values put in random places of the examples: reading never throws, nor does writing what was read', () => {
  // Deterministic pseudo-random choices (mulberry32), so a failure reproduces.
  let seed = 20261122;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const odd = ['', '   ', 'abc', '2024-12-01;2024-11-20', '1e5', '-', '１２', '&lt;b&gt;', 'x'.repeat(5000), '99999999999999999999999999.999999', '0000-00-00', '#'];
  const sources = ['peppol-billing/base-example.xml', 'en16931-cii/CII_example5.xml', 'peppol-billing/base-creditnote-correction.xml', 'en16931-ubl/ubl-tc434-example2.xml'].map((n) => {
    const text = example(n).toString('utf8');
    return { text, leaves: [...text.matchAll(/>([^<>]+)</g)].filter((m) => m[1].trim() !== '') };
  });
  let flagged = 0;
  for (let i = 0; i < 200; i++) {
    const { text: src, leaves } = sources[i % sources.length];
    const m = leaves[Math.floor(rnd() * leaves.length)];
    const value = odd[Math.floor(rnd() * odd.length)];
    const xml = src.slice(0, (m.index as number) + 1) + value + src.slice((m.index as number) + 1 + m[1].length);
    const model = readInvoice(xml);
    flagged += model.anomalies.length;
    const written = writeUbl(model, { totals: 'keep' });
    expect(readInvoice(written).kind).toBe(model.kind);
  }
  expect(flagged).toBeGreaterThan(20);
});
