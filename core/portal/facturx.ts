/**
 * Extracts the XML invoice embedded in a PDF: Factur-X / ZUGFeRD / XRechnung hybrids (PDF/A-3 with an
 * associated file `factur-x.xml`, `zugferd-invoice.xml`, `ZUGFeRD-invoice.xml` or `xrechnung.xml`), PDFs
 * with the invoice attached by other tools (poppler's `pdfattach` writes the embedded file stream without
 * the optional `/Type /EmbeddedFile`), and the hub's own PDF with the original XML attached.
 *
 * A small, defensive reader, not a PDF library:
 * - every indirect object of the file is found by scanning (`N G obj`), the last definition of a number
 *   winning (incremental updates), and objects inside compressed object streams (`/Type /ObjStm`, PDF 1.5)
 *   are read too, so file specifications are found wherever the writer put them;
 * - the embedded files are the streams a file specification names (`/EF << /F … /UF … >>`, with its file
 *   name from `/UF` or `/F`), and streams typed `/Type /EmbeddedFile` that no specification names;
 * - candidates are tried with the Factur-X / ZUGFeRD / XRechnung names first, then other `.xml` names,
 *   then the rest; the first whose content is a UBL or CII invoice (root element) is returned;
 * - only `/FlateDecode` and `/ASCIIHexDecode` are decoded (the profiles use Flate), every decompression
 *   with an output limit, object nesting, object count and object-stream sizes bounded.
 *
 * `readEmbeddedInvoice` says why it refuses (`FacturXError`: too large once decompressed, a stream that
 * cannot be decoded, an encrypted file, a file too complex to read); `extractEmbeddedInvoice` is the
 * same with null for every refusal.
 */
import zlib from 'node:zlib';

const KNOWN_ROOTS = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<\?[\s\S]*?\?>\s*)*<(?:[\w.-]+:)?(CrossIndustryInvoice|Invoice|CreditNote)[\s>/]/;
/** File names of the hybrid formats, in order of preference (compared case-insensitively). */
const HYBRID_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

/** Bounds of the reader (a PDF is untrusted input). */
const LIMITS = {
  objects: 200_000,
  depth: 32,
  /** Decompressed size of one object stream, and of all of them together. */
  objectStreamBytes: 8 << 20,
  objectStreamsTotal: 64 << 20,
  /** Embedded files tried (each decompressed within maxBytes). */
  candidates: 64,
};

export type FacturXErrorCode = 'too-large' | 'malformed' | 'unsupported' | 'encrypted' | 'too-complex';

/** A PDF whose embedded invoice cannot (or must not) be read, with a message that says why. */
export class FacturXError extends Error {
  constructor(
    readonly code: FacturXErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FacturXError';
  }
}

export interface EmbeddedInvoice {
  xml: Buffer;
  /** The embedded file's name (`/UF` or `/F` of its file specification), null when none names it. */
  filename: string | null;
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).toString('latin1').includes('%PDF-');
}

// ── PDF objects ───────────────────────────────────────────────────────────────────────────────

interface Ref {
  ref: [number, number];
}
type PdfValue = null | boolean | number | string | Name | Ref | PdfValue[] | PdfDict;
/** A name (`/FlateDecode`), decoded (`#2F` → `/`). */
class Name {
  constructor(readonly name: string) {}
}
type PdfDict = Map<string, PdfValue>;

interface PdfObject {
  value: PdfValue;
  /** The raw stream data (encoded) when the object is a stream. */
  stream?: Buffer;
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A parser of PDF object syntax over a byte buffer. */
class Lexer {
  constructor(
    readonly b: Buffer,
    public i: number,
  ) {}

  skip(): void {
    const b = this.b;
    for (;;) {
      while (this.i < b.length && WS.has(b[this.i])) this.i++;
      if (b[this.i] === 0x25) {
        while (this.i < b.length && b[this.i] !== 0x0a && b[this.i] !== 0x0d) this.i++;
        continue;
      }
      return;
    }
  }

  private regular(): string {
    const start = this.i;
    while (this.i < this.b.length && !WS.has(this.b[this.i]) && !DELIM.has(this.b[this.i])) this.i++;
    return this.b.toString('latin1', start, this.i);
  }

  value(depth = 0): PdfValue {
    if (depth > LIMITS.depth) throw new FacturXError('too-complex', `the PDF nests objects more than ${LIMITS.depth} deep`);
    this.skip();
    const b = this.b;
    const c = b[this.i];
    if (c === undefined) throw new FacturXError('malformed', 'the PDF ends inside an object');
    if (c === 0x3c && b[this.i + 1] === 0x3c) {
      this.i += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skip();
        if (b[this.i] === 0x3e && b[this.i + 1] === 0x3e) {
          this.i += 2;
          return dict;
        }
        const key = this.value(depth + 1);
        if (!(key instanceof Name)) throw new FacturXError('malformed', 'a PDF dictionary key is not a name');
        dict.set(key.name, this.value(depth + 1));
      }
    }
    if (c === 0x5b) {
      this.i++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (b[this.i] === 0x5d) {
          this.i++;
          return arr;
        }
        if (this.i >= b.length) throw new FacturXError('malformed', 'the PDF ends inside an array');
        arr.push(this.value(depth + 1));
      }
    }
    if (c === 0x2f) {
      this.i++;
      return new Name(this.regular().replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) return this.hexString();
    const word = this.regular();
    if (word === '') throw new FacturXError('malformed', `unexpected character ${JSON.stringify(String.fromCharCode(c))} in a PDF object`);
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      const n = Number(word);
      // `N G R` outside arrays: look ahead
      if (/^\d+$/.test(word)) {
        const save = this.i;
        this.skip();
        const g = this.regular();
        if (/^\d+$/.test(g)) {
          this.skip();
          if (this.b[this.i] === 0x52 && (this.i + 1 >= b.length || WS.has(b[this.i + 1]) || DELIM.has(b[this.i + 1]))) {
            this.i++;
            return { ref: [n, Number(g)] };
          }
        }
        this.i = save;
      }
      return n;
    }
    return word; // keywords (R inside arrays, obj, stream…)
  }

  private literalString(): string {
    const b = this.b;
    this.i++;
    let depth = 1;
    const out: number[] = [];
    while (this.i < b.length) {
      const c = b[this.i++];
      if (c === 0x5c) {
        const e = b[this.i++];
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        if (e === undefined) break;
        if (map[e] !== undefined) out.push(map[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let oct = e - 0x30;
          for (let k = 0; k < 2 && b[this.i] >= 0x30 && b[this.i] <= 0x37; k++) oct = oct * 8 + (b[this.i++] - 0x30);
          out.push(oct & 0xff);
        } else if (e === 0x0d) {
          if (b[this.i] === 0x0a) this.i++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) return Buffer.from(out).toString('latin1');
      out.push(c);
    }
    throw new FacturXError('malformed', 'the PDF ends inside a string');
  }

  private hexString(): string {
    const end = this.b.indexOf(0x3e, this.i);
    if (end < 0) throw new FacturXError('malformed', 'the PDF ends inside a hex string');
    let hex = this.b.toString('latin1', this.i + 1, end).replace(/\s+/g, '');
    this.i = end + 1;
    if (!/^[0-9A-Fa-f]*$/.test(hex)) throw new FacturXError('malformed', 'a PDF hex string has a character that is not hexadecimal');
    if (hex.length % 2) hex += '0';
    return Buffer.from(hex, 'hex').toString('latin1');
  }
}

const isDict = (v: PdfValue | undefined): v is PdfDict => v instanceof Map;
const isRef = (v: PdfValue | undefined): v is Ref => typeof v === 'object' && v !== null && !(v instanceof Map) && !(v instanceof Name) && !Array.isArray(v) && 'ref' in v;
const nameOf = (v: PdfValue | undefined): string | undefined => (v instanceof Name ? v.name : undefined);

/** A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1) as a JS string. */
function textString(s: string): string {
  if (s.startsWith('\xfe\xff')) return Buffer.from(s.slice(2), 'latin1').swap16().toString('utf16le');
  if (s.startsWith('\xef\xbb\xbf')) return Buffer.from(s.slice(3), 'latin1').toString('utf8');
  return s;
}

class PdfFile {
  readonly objects = new Map<number, PdfObject>();
  private objStmBytes = 0;

  constructor(readonly b: Buffer) {}

  resolve(v: PdfValue | undefined, depth = 0): PdfValue | undefined {
    if (!isRef(v) || depth > 8) return v;
    return this.resolve(this.objects.get(v.ref[0])?.value ?? null, depth + 1);
  }

  /** Every top-level `N G obj`, the last of a number winning; then the objects of the object streams. */
  scan(): void {
    const text = this.b.toString('latin1');
    const re = /(?<![\d])(\d{1,10})\s+(\d{1,5})\s+obj\b/g;
    let count = 0;
    const objStms: PdfObject[] = [];
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (++count > LIMITS.objects) throw new FacturXError('too-complex', `the PDF has more than ${LIMITS.objects} objects`);
      const lex = new Lexer(this.b, m.index + m[0].length);
      let value: PdfValue;
      try {
        value = lex.value();
      } catch (e) {
        if (e instanceof FacturXError && e.code === 'too-complex') throw e;
        continue; // a damaged object: others may still hold the invoice
      }
      const obj: PdfObject = { value };
      lex.skip();
      if (isDict(value) && text.startsWith('stream', lex.i)) {
        const data = this.streamData(value, lex.i + 6, text);
        if (data === null) continue;
        obj.stream = data.bytes;
        re.lastIndex = data.end;
      } else re.lastIndex = Math.max(re.lastIndex, lex.i);
      this.objects.set(Number(m[1]), obj);
      if (isDict(value) && nameOf(value.get('Type')) === 'ObjStm') objStms.push(obj);
    }
    for (const os of objStms) this.readObjectStream(os);
  }

  /** The encoded data of a stream whose keyword `stream` ends at `start`, and where the object ends. */
  private streamData(dict: PdfDict, start: number, text: string): { bytes: Buffer; end: number } | null {
    let s = start;
    if (this.b[s] === 0x0d) s++;
    if (this.b[s] === 0x0a) s++;
    const length = dict.get('Length');
    const len = typeof length === 'number' ? length : isRef(length) ? this.directNumber(length, text) : undefined;
    if (len !== undefined && Number.isInteger(len) && len >= 0 && s + len <= this.b.length) {
      const after = text.slice(s + len, s + len + 32);
      if (/^\s*endstream/.test(after)) return { bytes: this.b.subarray(s, s + len), end: s + len };
    }
    const e = text.indexOf('endstream', s);
    if (e < 0) return null;
    let end = e;
    if (this.b[end - 1] === 0x0a) end--;
    if (this.b[end - 1] === 0x0d) end--;
    return { bytes: this.b.subarray(s, Math.max(s, end)), end: e + 9 };
  }

  /** An indirect /Length: the integer of object N when it is defined before use or elsewhere in the file. */
  private directNumber(ref: Ref, text: string): number | undefined {
    const known = this.objects.get(ref.ref[0])?.value;
    if (typeof known === 'number') return known;
    const m = new RegExp(`(?<![\\d])${ref.ref[0]}\\s+${ref.ref[1]}\\s+obj\\s+(\\d+)\\s+endobj`).exec(text);
    return m ? Number(m[1]) : undefined;
  }

  private readObjectStream(os: PdfObject): void {
    const dict = os.value as PdfDict;
    const n = dict.get('N');
    const first = dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number' || !os.stream) return;
    if (n > LIMITS.objects) throw new FacturXError('too-complex', `an object stream of the PDF declares ${n} objects`);
    let data: Buffer;
    try {
      data = decode(dict, os.stream, LIMITS.objectStreamBytes, 'an object stream');
    } catch (e) {
      if (e instanceof FacturXError && e.code === 'too-large') throw new FacturXError('too-large', `an object stream of the PDF is larger than ${LIMITS.objectStreamBytes} bytes once decompressed`);
      return; // a damaged object stream: others may still hold what is needed
    }
    this.objStmBytes += data.length;
    if (this.objStmBytes > LIMITS.objectStreamsTotal) throw new FacturXError('too-complex', `the object streams of the PDF exceed ${LIMITS.objectStreamsTotal} bytes once decompressed`);
    const head = new Lexer(data, 0);
    const pairs: [number, number][] = [];
    for (let k = 0; k < n; k++) {
      const num = head.value();
      const off = head.value();
      if (typeof num !== 'number' || typeof off !== 'number') return;
      pairs.push([num, off]);
    }
    for (const [num, off] of pairs) {
      // Object streams are read after the scan: a top-level definition of the same number (written in a
      // later incremental update, or before the file was compressed) is kept.
      if (this.objects.has(num)) continue;
      try {
        this.objects.set(num, { value: new Lexer(data, first + off).value() });
      } catch (e) {
        if (e instanceof FacturXError && e.code === 'too-complex') throw e;
      }
    }
  }

  /** true when a trailer (classic, or of a cross-reference stream) names an /Encrypt dictionary. */
  encrypted(): boolean {
    for (const obj of this.objects.values()) if (isDict(obj.value) && nameOf(obj.value.get('Type')) === 'XRef' && obj.value.has('Encrypt')) return true;
    const text = this.b.toString('latin1');
    for (let i = text.indexOf('trailer'); i >= 0; i = text.indexOf('trailer', i + 7)) {
      try {
        const t = new Lexer(this.b, i + 7).value();
        if (isDict(t) && t.has('Encrypt')) return true;
      } catch {
        // not a trailer dictionary
      }
    }
    return false;
  }
}

// ── Filters ──────────────────────────────────────────────────────────────────────────────────

function filtersOf(dict: PdfDict): string[] {
  const f = dict.get('Filter');
  if (f === undefined || f === null) return [];
  if (Array.isArray(f)) return f.map((x) => nameOf(x) ?? '?');
  return [nameOf(f) ?? '?'];
}

/** Decodes a stream's data (Flate, ASCIIHex), each step limited to `max` bytes of output. */
function decode(dict: PdfDict, raw: Buffer, max: number, what: string): Buffer {
  let data = raw;
  const parms = dict.get('DecodeParms');
  const parmList = Array.isArray(parms) ? parms : [parms];
  filtersOf(dict).forEach((filter, i) => {
    const p = parmList[i];
    if (isDict(p) && typeof p.get('Predictor') === 'number' && (p.get('Predictor') as number) > 1) {
      throw new FacturXError('unsupported', `${what} uses a ${filter} predictor, which the hub does not decode`);
    }
    if (filter === 'FlateDecode' || filter === 'Fl') {
      try {
        data = zlib.inflateSync(data, { maxOutputLength: max });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new FacturXError('too-large', `${what} is larger than ${max} bytes once decompressed`);
        throw new FacturXError('malformed', `${what} cannot be decompressed (${err.message})`);
      }
    } else if (filter === 'ASCIIHexDecode' || filter === 'AHx') {
      const hex = data.toString('latin1').replace(/>[\s\S]*$/, '').replace(/\s+/g, '');
      if (!/^[0-9A-Fa-f]*$/.test(hex)) throw new FacturXError('malformed', `${what} is not valid ASCIIHex data`);
      data = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    } else {
      throw new FacturXError('unsupported', `${what} is encoded with ${filter}, which the hub does not decode (Factur-X uses FlateDecode)`);
    }
    if (data.length > max) throw new FacturXError('too-large', `${what} is larger than ${max} bytes`);
  });
  if (data.length > max) throw new FacturXError('too-large', `${what} is larger than ${max} bytes`);
  return data;
}

// ── Embedded files ───────────────────────────────────────────────────────────────────────────

interface Candidate {
  dict: PdfDict;
  raw: Buffer;
  filename: string | null;
}

function rank(c: Candidate): number {
  const name = (c.filename ?? '').toLowerCase();
  const known = HYBRID_NAMES.indexOf(name);
  if (known >= 0) return known;
  if (name.endsWith('.xml')) return HYBRID_NAMES.length;
  return HYBRID_NAMES.length + (c.filename === null ? 1 : 2);
}

function candidates(pdf: PdfFile): Candidate[] {
  const out: Candidate[] = [];
  const named = new Set<number>();
  for (const obj of pdf.objects.values()) {
    const spec = obj.value;
    if (!isDict(spec)) continue;
    const ef = pdf.resolve(spec.get('EF'));
    if (!isDict(ef)) continue;
    const ref = ef.get('UF') ?? ef.get('F');
    if (!isRef(ref)) continue;
    const file = pdf.objects.get(ref.ref[0]);
    if (!file?.stream || !isDict(file.value) || named.has(ref.ref[0])) continue;
    named.add(ref.ref[0]);
    const fname = pdf.resolve(spec.get('UF')) ?? pdf.resolve(spec.get('F'));
    out.push({ dict: file.value, raw: file.stream, filename: typeof fname === 'string' ? textString(fname) : null });
  }
  for (const [num, obj] of pdf.objects) {
    if (named.has(num) || !obj.stream || !isDict(obj.value) || nameOf(obj.value.get('Type')) !== 'EmbeddedFile') continue;
    out.push({ dict: obj.value, raw: obj.stream, filename: null });
  }
  return out.sort((a, b) => rank(a) - rank(b)).slice(0, LIMITS.candidates);
}

/**
 * The XML invoice embedded in a PDF, or null when it embeds none. Throws FacturXError when the PDF or an
 * embedded file cannot be read safely (decompressed size over `maxBytes`, damaged stream, encryption,
 * unsupported encoding, too many or too deeply nested objects) and no other embedded file is an invoice.
 */
export function readEmbeddedInvoice(pdf: Buffer, maxBytes: number): EmbeddedInvoice | null {
  const file = new PdfFile(pdf);
  file.scan();
  if (file.encrypted()) throw new FacturXError('encrypted', 'the PDF is encrypted: its embedded files cannot be read');
  let refusal: FacturXError | null = null;
  for (const c of candidates(file)) {
    let data: Buffer;
    try {
      data = decode(c.dict, c.raw, maxBytes, `the embedded file${c.filename ? ` ${c.filename}` : ''}`);
    } catch (e) {
      if (!(e instanceof FacturXError)) throw e;
      refusal ??= e;
      continue;
    }
    if (KNOWN_ROOTS.test(data.subarray(0, 65536).toString('utf8'))) return { xml: data, filename: c.filename };
  }
  if (refusal) throw refusal;
  return null;
}

/** The XML invoice embedded in a PDF, or null when there is none or it cannot be read safely (see `readEmbeddedInvoice`). */
export function extractEmbeddedInvoice(pdf: Buffer, maxBytes: number): Buffer | null {
  try {
    return readEmbeddedInvoice(pdf, maxBytes)?.xml ?? null;
  } catch (e) {
    if (e instanceof FacturXError) return null;
    throw e;
  }
}
