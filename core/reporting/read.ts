/**
 * Reads a TSR 1.0 or EUSR 1.1 document back into its figures (the shape the builders produce): for the
 * tests, for comparing with the official examples, and for the console's readable table.
 *
 * The reader checks the shape the XML Schema gives (root, namespace, required elements, counts that are
 * non-negative integers) and nothing of the Schematron: a report whose sums do not add up is read as it
 * is. Values are read with normalize-space(), as the Schematrons compare them. No DTD is accepted, no
 * entity is expanded (only the five XML entities and character references are decoded).
 */
import { decodeEntities, parseRawXml, XmlReadError, type RawXmlNode } from '../../model/xml';
import { normalizeSpace } from './keys';
import { EUSR_NS, TSR_NS, type EndUserCounts, type EusrFigures, type ReportFigures, type ReportHeader, type ReportKey, type TsrFigures } from './report';

export class ReportReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportReadError';
  }
}

interface Node {
  ns: string | null;
  local: string;
  attrs: Map<string, string>;
  children: Node[];
  text: string;
}

const decode = decodeEntities;

type Raw = RawXmlNode;

function convert(raw: Raw, parentScope: Map<string, string>): Node {
  const name = Object.keys(raw).find((k) => k !== ':@') ?? '';
  const rawAttrs = (raw[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(parentScope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') scope.set('', decode(v));
    else if (k.startsWith('xmlns:')) scope.set(k.slice(6), decode(v));
  }
  const attrs = new Map<string, string>();
  for (const [k, v] of Object.entries(rawAttrs)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs.set(k, decode(v));
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const node: Node = { ns: scope.get(prefix) ?? null, local: colon < 0 ? name : name.slice(colon + 1), attrs, children: [], text: '' };
  for (const c of (raw[name] ?? []) as Raw[]) {
    if ('#text' in c) node.text += decode(String(c['#text']));
    else if ('#cdata' in c) for (const t of c['#cdata'] as Raw[]) node.text += String(t['#text'] ?? '');
    else if (!('#comment' in c)) node.children.push(convert(c, scope));
  }
  return node;
}

function parse(input: Buffer | string): Node {
  try {
    return convert(parseRawXml(input), new Map());
  } catch (e) {
    if (e instanceof XmlReadError) throw new ReportReadError(e.message);
    throw e;
  }
}

/** Reads one element's children in the report's namespace. */
class Reader {
  constructor(
    private readonly ns: string,
    private readonly where: string,
  ) {}

  all(n: Node, local: string): Node[] {
    return n.children.filter((c) => c.local === local && c.ns === this.ns);
  }

  one(n: Node, local: string, path: string): Node {
    const found = this.all(n, local);
    if (found.length !== 1) throw new ReportReadError(`${this.where}: ${path}/${local} ${found.length === 0 ? 'is missing' : 'occurs more than once'}`);
    return found[0];
  }

  text(n: Node, local: string, path: string): string {
    return normalizeSpace(this.one(n, local, path).text);
  }

  count(n: Node, local: string, path: string): number {
    const t = this.text(n, local, path);
    const v = /^\+?[0-9]+$/.test(t) ? Number(t.replace(/^\+/, '')) : NaN;
    if (!Number.isSafeInteger(v)) throw new ReportReadError(`${this.where}: ${path}/${local} "${t}" is not a non-negative integer`);
    return v;
  }

  header(root: Node): ReportHeader {
    const p = `/${root.local}`;
    const h = this.one(root, 'Header', p);
    const period = this.one(h, 'ReportPeriod', `${p}/Header`);
    const reporter = this.one(h, 'ReporterID', `${p}/Header`);
    const scheme = reporter.attrs.get('schemeID');
    return {
      customizationId: this.text(root, 'CustomizationID', p),
      profileId: this.text(root, 'ProfileID', p),
      startDate: this.text(period, 'StartDate', `${p}/Header/ReportPeriod`),
      endDate: this.text(period, 'EndDate', `${p}/Header/ReportPeriod`),
      reporter: { schemeID: scheme === undefined ? null : normalizeSpace(scheme), value: normalizeSpace(reporter.text) },
    };
  }

  keys(n: Node, path: string): ReportKey[] {
    const keys = this.all(n, 'Key').map((k, i) => {
      const meta = k.attrs.get('metaSchemeID');
      const scheme = k.attrs.get('schemeID');
      if (meta === undefined || scheme === undefined) throw new ReportReadError(`${this.where}: ${path}/Key[${i + 1}] needs metaSchemeID and schemeID`);
      return { metaSchemeID: normalizeSpace(meta), schemeID: normalizeSpace(scheme), value: normalizeSpace(k.text) };
    });
    if (keys.length === 0) throw new ReportReadError(`${this.where}: ${path} has no Key`);
    return keys;
  }

  endUsers(n: Node, path: string): EndUserCounts {
    return {
      sending: this.count(n, 'SendingEndUsers', path),
      receiving: this.count(n, 'ReceivingEndUsers', path),
      sendingOrReceiving: this.count(n, 'SendingOrReceivingEndUsers', path),
    };
  }
}

function typeOf(n: Node, where: string, path: string): string {
  const t = n.attrs.get('type');
  if (t === undefined) throw new ReportReadError(`${where}: ${path} has no type`);
  return normalizeSpace(t);
}

export function readTsr(input: Buffer | string, where = 'TSR'): TsrFigures {
  const root = parse(input);
  if (root.local !== 'TransactionStatisticsReport' || root.ns !== TSR_NS) throw new ReportReadError(`${where}: the root is {${root.ns ?? ''}}${root.local}, not a TransactionStatisticsReport in ${TSR_NS}`);
  const r = new Reader(TSR_NS, where);
  const total = r.one(root, 'Total', '/TransactionStatisticsReport');
  return {
    kind: 'tsr',
    header: r.header(root),
    total: { incoming: r.count(total, 'Incoming', '/TransactionStatisticsReport/Total'), outgoing: r.count(total, 'Outgoing', '/TransactionStatisticsReport/Total') },
    subtotals: r.all(root, 'Subtotal').map((s, i) => {
      const path = `/TransactionStatisticsReport/Subtotal[${i + 1}]`;
      return { type: typeOf(s, where, path), keys: r.keys(s, path), incoming: r.count(s, 'Incoming', path), outgoing: r.count(s, 'Outgoing', path) };
    }),
  };
}

export function readEusr(input: Buffer | string, where = 'EUSR'): EusrFigures {
  const root = parse(input);
  if (root.local !== 'EndUserStatisticsReport' || root.ns !== EUSR_NS) throw new ReportReadError(`${where}: the root is {${root.ns ?? ''}}${root.local}, not an EndUserStatisticsReport in ${EUSR_NS}`);
  const r = new Reader(EUSR_NS, where);
  return {
    kind: 'eusr',
    header: r.header(root),
    fullSet: r.endUsers(r.one(root, 'FullSet', '/EndUserStatisticsReport'), '/EndUserStatisticsReport/FullSet'),
    subsets: r.all(root, 'Subset').map((s, i) => {
      const path = `/EndUserStatisticsReport/Subset[${i + 1}]`;
      return { type: typeOf(s, where, path), keys: r.keys(s, path), ...r.endUsers(s, path) };
    }),
  };
}

/** Reads either report, by its root element. */
export function readReport(input: Buffer | string, where = 'report'): ReportFigures {
  const root = parse(input);
  if (root.local === 'TransactionStatisticsReport') return readTsr(input, where);
  if (root.local === 'EndUserStatisticsReport') return readEusr(input, where);
  throw new ReportReadError(`${where}: the root {${root.ns ?? ''}}${root.local} is neither a TSR nor an EUSR`);
}

/** A key as people read it: `SP=POP000001`, `CC/SenderCountry=DE`, `DT=…` (the value only, the usual scheme left out). */
export function keyLabel(k: ReportKey): string {
  const usual = (k.metaSchemeID === 'TP' && k.schemeID === 'Peppol') || (k.metaSchemeID === 'SP' && k.schemeID === 'CertSubjectCN')
    || (k.metaSchemeID === 'DT' && k.schemeID === 'busdox-docid-qns') || (k.metaSchemeID === 'PR' && k.schemeID === 'cenbii-procid-ubl');
  return `${k.metaSchemeID}${usual ? '' : `/${k.schemeID}`}=${k.value}`;
}

export interface ReportTable {
  title: string;
  columns: string[];
  /** The first row is the total / full set; the others follow the document's order. */
  rows: { type: string; keys: string[]; values: number[] }[];
}

/** The figures as one table (the console shows it as is; every cell is text or a count). */
export function reportTable(f: ReportFigures): ReportTable {
  const period = `${f.header.startDate} – ${f.header.endDate}`;
  if (f.kind === 'tsr') {
    return {
      title: `Transaction Statistics Report ${f.header.reporter.value}, ${period}`,
      columns: ['Subtotal', 'Keys', 'Incoming', 'Outgoing'],
      rows: [{ type: 'Total', keys: [], values: [f.total.incoming, f.total.outgoing] }, ...f.subtotals.map((s) => ({ type: s.type, keys: s.keys.map(keyLabel), values: [s.incoming, s.outgoing] }))],
    };
  }
  const v = (c: EndUserCounts): number[] => [c.sending, c.receiving, c.sendingOrReceiving];
  return {
    title: `End User Statistics Report ${f.header.reporter.value}, ${period}`,
    columns: ['Subset', 'Keys', 'Sending end users', 'Receiving end users', 'Sending or receiving end users'],
    rows: [{ type: 'FullSet', keys: [], values: v(f.fullSet) }, ...f.subsets.map((s) => ({ type: s.type, keys: s.keys.map(keyLabel), values: v(s) }))],
  };
}
