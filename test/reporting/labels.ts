/** Short, readable labels for report keys, so the tests can state expected figures by hand. */
import type { EusrFigures, ReportKey, TsrFigures } from '../../core/reporting';
import { DT, PR } from './fixtures';

const names = new Map<string, string>([
  ...Object.entries(DT).map(([n, id]) => [`DT ${id.scheme} ${id.value}`, n] as [string, string]),
  ...Object.entries(PR).map(([n, id]) => [`PR ${id.scheme} ${id.value}`, n] as [string, string]),
]);

function label(k: ReportKey): string {
  const known = names.get(`${k.metaSchemeID} ${k.schemeID} ${k.value}`);
  if (known) return known;
  if (k.metaSchemeID === 'CC') return `${k.schemeID === 'SenderCountry' ? 'from ' : k.schemeID === 'ReceiverCountry' ? 'to ' : ''}${k.value}`;
  return k.value;
}

/** `PerSP-DT-PR PBE000001 invoice billing` → [incoming, outgoing]. */
export function tsrTable(f: TsrFigures): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const s of f.subtotals) {
    const l = [s.type, ...s.keys.map(label)].join(' ');
    if (l in out) throw new Error(`subtotal ${l} occurs twice`);
    out[l] = [s.incoming, s.outgoing];
  }
  return out;
}

/** `PerDT-PR invoice billing` → [sending, receiving, sending or receiving]. */
export function eusrTable(f: EusrFigures): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  for (const s of f.subsets) {
    const l = [s.type, ...s.keys.map(label)].join(' ');
    if (l in out) throw new Error(`subset ${l} occurs twice`);
    out[l] = [s.sending, s.receiving, s.sendingOrReceiving];
  }
  return out;
}
