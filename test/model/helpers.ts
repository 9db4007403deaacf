import fs from 'node:fs';
import path from 'node:path';

export const examplesDir = path.resolve(__dirname, '../../../shared/examples');

/** Every official invoice/credit-note example (UBL and CII), MLS responses excluded. */
export function invoiceExamples(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const folder of ['en16931-ubl', 'en16931-cii', 'peppol-billing', 'peppol-self-billing']) {
    for (const f of fs.readdirSync(path.join(examplesDir, folder)).sort()) {
      if (/\.xml$/i.test(f)) out.push({ name: `${folder}/${f}`, file: path.join(examplesDir, folder, f) });
    }
  }
  return out;
}

export function example(name: string): Buffer {
  return fs.readFileSync(path.join(examplesDir, name));
}

/**
 * Differences a UBL round trip may show by design: the writer adds what UBL requires and EN 16931
 * derives (BT-110 when absent, BT-147 = gross − net when only the gross price was given).
 */
export function derivedAddition(d: { path: string; left: string | undefined }): boolean {
  return d.left === undefined && (/^BG-22\/BT-110$/.test(d.path) || /^BG-25\[\d+\]\/BG-29\/BT-147$/.test(d.path));
}

