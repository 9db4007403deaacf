/** Subtotal / subset keys and the table that aggregates per key, shared by the TSR and EUSR builders. */
import { cmpTuple } from './ledger';
import type { ReportKey } from './report';

/** normalize-space(): the Schematrons compare keys after it, so two spellings of one key must be one subtotal. */
export function normalizeSpace(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

export const key = (metaSchemeID: string, schemeID: string, value: string): ReportKey => ({
  metaSchemeID,
  schemeID: normalizeSpace(schemeID),
  value: normalizeSpace(value),
});

/** A value per combination of keys, read back sorted by the keys (scheme then value of each, in key order). */
export class KeyedTable<T> {
  private readonly map = new Map<string, { keys: ReportKey[]; value: T }>();
  private readonly init: () => T;

  constructor(init: () => T) {
    this.init = init;
  }

  at(keys: ReportKey[]): T {
    const id = JSON.stringify(keys.map((k) => [k.metaSchemeID, k.schemeID, k.value]));
    let e = this.map.get(id);
    if (e === undefined) {
      e = { keys, value: this.init() };
      this.map.set(id, e);
    }
    return e.value;
  }

  sorted(): { keys: ReportKey[]; value: T }[] {
    const flat = (keys: ReportKey[]): string[] => keys.flatMap((k) => [k.metaSchemeID, k.schemeID, k.value]);
    return [...this.map.values()].sort((a, b) => cmpTuple(flat(a.keys), flat(b.keys)));
  }
}
