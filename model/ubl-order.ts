/**
 * Element order of UBL 2.1, read from the official schemas (`EINVOICE_XSD_DIR/ubl-2.1`) once, so the
 * writer can emit children in the sequence the XML Schema requires without a hand-kept copy of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { parseXml, type XElement } from './xml';

interface Order {
  /** Child sequence per complex type name. */
  typeSeq: Map<string, string[]>;
  /** Type name per aggregate element (`cac:Party` → `PartyType`). */
  elementType: Map<string, string>;
  root: Map<string, string[]>;
}

let cached: Order | undefined;

function sequences(schema: XElement, into: Map<string, string[]>): void {
  for (const ct of schema.children) {
    if (ct.name !== 'xsd:complexType') continue;
    const name = ct.attrs.get('name');
    const seq = ct.children.find((c) => c.name === 'xsd:sequence');
    if (!name || !seq) continue;
    into.set(name, seq.children.filter((e) => e.name === 'xsd:element' && e.attrs.has('ref')).map((e) => e.attrs.get('ref') as string));
  }
}

function load(): Order {
  const dir = path.join(config.xsdDir, 'ubl-2.1');
  const read = (rel: string): XElement => {
    const file = path.join(dir, rel);
    try {
      return parseXml(fs.readFileSync(file));
    } catch (e) {
      throw new Error(`cannot read the UBL schema ${file} (EINVOICE_XSD_DIR): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  const cac = read('common/UBL-CommonAggregateComponents-2.1.xsd');
  const typeSeq = new Map<string, string[]>();
  sequences(cac, typeSeq);
  const elementType = new Map<string, string>();
  for (const el of cac.children) {
    if (el.name === 'xsd:element' && el.attrs.has('name') && el.attrs.has('type')) elementType.set(`cac:${el.attrs.get('name')}`, el.attrs.get('type') as string);
  }
  const root = new Map<string, string[]>();
  for (const [name, file] of [['Invoice', 'maindoc/UBL-Invoice-2.1.xsd'], ['CreditNote', 'maindoc/UBL-CreditNote-2.1.xsd']]) {
    const m = new Map<string, string[]>();
    sequences(read(file), m);
    root.set(name, m.get(`${name}Type`) ?? []);
  }
  return { typeSeq, elementType, root };
}

/** The schema's child order for an element (`Invoice`, `CreditNote`, `cac:Party`…); undefined when unknown. */
export function childOrder(elementName: string): string[] | undefined {
  cached ??= load();
  const r = cached.root.get(elementName);
  if (r) return r;
  const type = cached.elementType.get(elementName);
  return type ? cached.typeSeq.get(type) : undefined;
}

/** Sorts every element's children into schema order (stable: repeated elements keep their order). */
export function sortTree(el: XElement): void {
  if (el.children.length > 1) {
    const order = childOrder(el.name);
    if (order) {
      const rank = new Map(order.map((n, i) => [n, i]));
      el.children = el.children
        .map((c, i) => ({ c, i, r: rank.get(c.name) ?? order.length }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((x) => x.c);
    }
  }
  for (const c of el.children) sortTree(c);
}
