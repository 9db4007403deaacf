/**
 * Reads an ISO Schematron file into a plain structure: namespaces, global / pattern / rule `let`s,
 * the embedded `xsl:function`s and `xsl:key`s, phases, patterns, rules and their assert/report checks.
 *
 * Both back ends start from this structure: the XSLT generator (`generate-xslt.ts`, run by saxon-js)
 * and any compiled engine. Constructs outside the subset these official files use are refused here,
 * with a message that names the file and the element, rather than ignored.
 */
import fs from 'node:fs';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
export const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';

export interface Let {
  name: string;
  /** XPath 2.0 expression. */
  value: string;
}

export type MessagePart = { kind: 'text'; text: string } | { kind: 'value-of'; select: string } | { kind: 'name'; path: string | null };

export interface Check {
  kind: 'assert' | 'report';
  id: string;
  flag: 'fatal' | 'warning' | 'information';
  test: string;
  message: MessagePart[];
}

export interface Rule {
  context: string;
  lets: Let[];
  checks: Check[];
}

export interface Pattern {
  id: string | null;
  lets: Let[];
  rules: Rule[];
}

/** One instruction of an embedded `xsl:function` body. */
export type FunctionStep =
  | { kind: 'variable'; name: string; select: string | null; as: string | null; text: string | null; body: FunctionStep[] | null }
  | { kind: 'sequence'; select: string }
  | { kind: 'value-of'; select: string }
  /** `xsl:text`: a text node with the literal content (possibly empty). */
  | { kind: 'text'; text: string }
  | { kind: 'choose'; whens: { test: string; body: FunctionStep[] }[]; otherwise: FunctionStep[] | null };

export interface XslFunction {
  /** Lexical QName, e.g. `u:gln`. */
  name: string;
  as: string | null;
  params: { name: string; as: string | null }[];
  body: FunctionStep[];
  /** The element serialised as it stands in the source (used verbatim by the XSLT generator). */
  xml: string;
}

/** A schema-level `xsl:key` (XSLT 2.0 §16.3.1): the nodes matching `match`, indexed by the values of `use`. */
export interface XslKey {
  /** Lexical QName, e.g. `key-tp`. */
  name: string;
  /** XSLT match pattern. */
  match: string;
  /** XPath 2.0 expression, evaluated with each matching node as context. */
  use: string;
  /** The element serialised as it stands in the source (used verbatim by the XSLT generator). */
  xml: string;
}

export interface SchematronSchema {
  file: string;
  title: string | null;
  queryBinding: string | null;
  /** Prefix → namespace URI: the `ns` elements plus the declarations on the schema element. */
  namespaces: Record<string, string>;
  lets: Let[];
  functions: XslFunction[];
  keys: XslKey[];
  phases: { id: string; active: string[] }[];
  defaultPhase: string | null;
  patterns: Pattern[];
}

export class SchematronSyntaxError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'SchematronSyntaxError';
  }
}

type Libxml = typeof import('libxml2-wasm', { with: { 'resolution-mode': 'import' } });
type XmlElement = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlElement;

let libxml: Promise<Libxml> | undefined;
/** libxml2-wasm, loaded once per process (ESM with top-level await, hence `import()`). */
export function loadLibxml(): Promise<Libxml> {
  libxml ??= import('libxml2-wasm');
  return libxml;
}

function childElements(el: XmlElement, lx: Libxml): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.next) if (n instanceof lx.XmlElement) out.push(n);
  return out;
}

export async function parseSchematronFile(file: string): Promise<SchematronSchema> {
  return parseSchematron(fs.readFileSync(file), file);
}

export async function parseSchematron(bytes: Buffer, file: string): Promise<SchematronSchema> {
  const lx = await loadLibxml();
  const doc = lx.XmlDocument.fromBuffer(bytes, { url: file });
  try {
    const root = doc.root;
    const fail = (el: XmlElement, msg: string): never => {
      throw new SchematronSyntaxError(file, el.line, msg);
    };
    const attr = (el: XmlElement, name: string): string | null => el.attr(name)?.value ?? null;
    const req = (el: XmlElement, name: string): string => attr(el, name) ?? fail(el, `<${el.name}> lacks @${name}`);
    const isSch = (el: XmlElement, local: string) => el.namespaceUri === SCH_NS && el.name === local;

    if (!isSch(root, 'schema')) fail(root, `root element is {${root.namespaceUri}}${root.name}, not an ISO Schematron schema`);
    const qb = attr(root, 'queryBinding');
    if (qb && !['xslt2', 'xslt3', 'xpath2'].includes(qb.toLowerCase())) fail(root, `queryBinding "${qb}" is not supported (xslt2 expected)`);

    const schema: SchematronSchema = {
      file,
      title: null,
      queryBinding: qb,
      namespaces: {},
      lets: [],
      functions: [],
      keys: [],
      phases: [],
      defaultPhase: attr(root, 'defaultPhase'),
      patterns: [],
    };
    for (const [prefix, uri] of Object.entries(root.nsDeclarations)) {
      if (prefix && uri !== SCH_NS) schema.namespaces[prefix] = uri;
    }

    const parseLet = (el: XmlElement): Let => ({ name: req(el, 'name'), value: req(el, 'value') });

    const parseMessage = (el: XmlElement): MessagePart[] => {
      const parts: MessagePart[] = [];
      for (let n = el.firstChild; n; n = n.next) {
        if (n instanceof lx.XmlElement) {
          if (isSch(n, 'value-of')) parts.push({ kind: 'value-of', select: req(n, 'select') });
          else if (isSch(n, 'name')) parts.push({ kind: 'name', path: attr(n, 'path') });
          else if (isSch(n, 'emph') || isSch(n, 'span') || isSch(n, 'dir')) parts.push({ kind: 'text', text: n.content });
          else fail(n, `<${n.name}> inside a message is not supported`);
        } else if (n instanceof lx.XmlText || n instanceof lx.XmlCData) {
          parts.push({ kind: 'text', text: n.content });
        }
      }
      return parts;
    };

    const parseCheck = (el: XmlElement, kind: 'assert' | 'report'): Check => {
      const flag = attr(el, 'flag') ?? 'fatal';
      if (flag !== 'fatal' && flag !== 'warning' && flag !== 'information') fail(el, `flag "${flag}" is not one of fatal, warning, information`);
      return {
        kind,
        id: attr(el, 'id') ?? fail(el, `<${kind}> without @id: every finding must name its rule`),
        flag: flag as Check['flag'],
        test: req(el, 'test'),
        message: parseMessage(el),
      };
    };

    const parseSteps = (el: XmlElement): FunctionStep[] => {
      const steps: FunctionStep[] = [];
      for (const c of childElements(el, lx)) {
        if (c.namespaceUri !== XSL_NS) fail(c, `<${c.name}> in an xsl:function is not XSLT`);
        switch (c.name) {
          case 'param':
            break; // handled by the caller
          case 'variable': {
            const select = attr(c, 'select');
            const hasElements = childElements(c, lx).length > 0;
            steps.push({
              kind: 'variable',
              name: req(c, 'name'),
              select,
              as: attr(c, 'as'),
              text: select || hasElements ? null : c.content,
              body: !select && hasElements ? parseSteps(c) : null,
            });
            break;
          }
          case 'sequence':
            steps.push({ kind: 'sequence', select: req(c, 'select') });
            break;
          case 'value-of':
            steps.push({ kind: 'value-of', select: req(c, 'select') });
            break;
          case 'text':
            if (childElements(c, lx).length > 0) fail(c, 'xsl:text with element content is not XSLT');
            if (attr(c, 'disable-output-escaping') === 'yes') fail(c, 'xsl:text with disable-output-escaping is outside the supported subset');
            steps.push({ kind: 'text', text: c.content });
            break;
          case 'choose': {
            const whens: { test: string; body: FunctionStep[] }[] = [];
            let otherwise: FunctionStep[] | null = null;
            for (const w of childElements(c, lx)) {
              if (w.namespaceUri === XSL_NS && w.name === 'when') whens.push({ test: req(w, 'test'), body: parseSteps(w) });
              else if (w.namespaceUri === XSL_NS && w.name === 'otherwise') otherwise = parseSteps(w);
              else fail(w, `<${w.name}> inside xsl:choose is not supported`);
            }
            steps.push({ kind: 'choose', whens, otherwise });
            break;
          }
          default:
            fail(c, `xsl:${c.name} in an embedded function is outside the supported subset (variable, sequence, value-of, text, choose)`);
        }
      }
      return steps;
    };

    const parseFunction = (el: XmlElement): XslFunction => ({
      name: req(el, 'name'),
      as: attr(el, 'as'),
      params: childElements(el, lx)
        .filter((c) => c.namespaceUri === XSL_NS && c.name === 'param')
        .map((p) => ({ name: req(p, 'name'), as: attr(p, 'as') })),
      body: parseSteps(el),
      xml: el.toString(),
    });

    // xsl:key exactly as the official reporting packs use it: name, match and use, no collation, no
    // sequence constructor, no composite keys (XSLT 3.0), so both engines index the same values.
    const parseKey = (el: XmlElement): XslKey => {
      for (const a of el.attrs) {
        if (!['name', 'match', 'use'].includes(a.name)) fail(el, `xsl:key with @${a.name} is outside the supported subset (name, match, use)`);
      }
      if (childElements(el, lx).length > 0 || el.content.trim() !== '') fail(el, 'xsl:key with a sequence constructor is outside the supported subset (use @use)');
      const name = req(el, 'name');
      if (schema.keys.some((k) => k.name === name)) fail(el, `xsl:key "${name}" is declared twice (several declarations of one key are outside the supported subset)`);
      return { name, match: req(el, 'match'), use: req(el, 'use'), xml: el.toString() };
    };

    const parseRule = (el: XmlElement): Rule => {
      if (attr(el, 'abstract') === 'true') fail(el, 'abstract rules are not supported');
      const rule: Rule = { context: req(el, 'context'), lets: [], checks: [] };
      for (const c of childElements(el, lx)) {
        if (isSch(c, 'let')) rule.lets.push(parseLet(c));
        else if (isSch(c, 'assert')) rule.checks.push(parseCheck(c, 'assert'));
        else if (isSch(c, 'report')) rule.checks.push(parseCheck(c, 'report'));
        else if (isSch(c, 'extends')) fail(c, '<extends> is not supported');
        else fail(c, `<${c.name}> inside a rule is not supported`);
      }
      return rule;
    };

    for (const el of childElements(root, lx)) {
      if (isSch(el, 'title')) schema.title = el.content.trim();
      else if (isSch(el, 'ns')) schema.namespaces[req(el, 'prefix')] = req(el, 'uri');
      else if (isSch(el, 'let')) schema.lets.push(parseLet(el));
      else if (isSch(el, 'phase')) {
        schema.phases.push({
          id: req(el, 'id'),
          active: childElements(el, lx).filter((a) => isSch(a, 'active')).map((a) => req(a, 'pattern')),
        });
      } else if (isSch(el, 'pattern')) {
        if (attr(el, 'abstract') === 'true' || attr(el, 'is-a')) fail(el, 'abstract patterns are not supported (use the preprocessed file)');
        const p: Pattern = { id: attr(el, 'id'), lets: [], rules: [] };
        for (const c of childElements(el, lx)) {
          if (isSch(c, 'let')) p.lets.push(parseLet(c));
          else if (isSch(c, 'rule')) p.rules.push(parseRule(c));
          else if (isSch(c, 'title') || isSch(c, 'p')) continue;
          else fail(c, `<${c.name}> inside a pattern is not supported`);
        }
        schema.patterns.push(p);
      } else if (el.namespaceUri === XSL_NS && el.name === 'function') schema.functions.push(parseFunction(el));
      else if (el.namespaceUri === XSL_NS && el.name === 'key') schema.keys.push(parseKey(el));
      else if (isSch(el, 'p') || isSch(el, 'diagnostics') || isSch(el, 'include')) {
        if (isSch(el, 'include')) fail(el, '<include> is not supported (use the preprocessed file)');
      } else fail(el, `<${el.name}> at schema level is not supported`);
    }
    return schema;
  } finally {
    doc.dispose();
  }
}

/** Patterns active in the given phase (`#ALL` or no phase: every pattern, in document order). */
export function activePatterns(schema: SchematronSchema, phase: string | null = schema.defaultPhase): Pattern[] {
  if (!phase || phase === '#ALL') return schema.patterns;
  const ph = schema.phases.find((p) => p.id === phase);
  if (!ph) throw new Error(`${schema.file}: phase "${phase}" does not exist`);
  return schema.patterns.filter((p) => p.id !== null && ph.active.includes(p.id));
}
