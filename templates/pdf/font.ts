/**
 * The fonts of the standardised PDF: Roboto Regular and Medium as shipped inside the pdfmake package
 * (`pdfmake/fonts/Roboto`, Apache 2.0), read and parsed ONCE per process by the small TrueType reader
 * below, which is all the PDF needs: the character map (code point → glyph), advance widths, the glyph
 * data and the composite-glyph references.
 *
 * Why not fontkit (pdfkit's font engine): measuring a string with fontkit runs the OpenType shaping
 * engine (GSUB/GPOS lookups) and writing the subset re-encodes every table; both dominated the render of a
 * typical invoice. The PDF needs neither ligatures nor kerning, so a width is the sum of the advance
 * widths of the glyphs (a table look-up per character) and the subset is a copy of byte ranges.
 *
 * A document's font program is the font's hinting tables and the outlines and metrics of the glyphs it
 * uses, renumbered (≈ 8–15 KiB compressed). Code points are mapped to CIDs in the order of
 * first use in the document (a CIDToGIDMap stream maps them to glyphs), so every CID has exactly one
 * Unicode value in the ToUnicode map: the text layer is exact even where two characters share a glyph.
 * A character the font does not have is drawn with the font's U+FFFD glyph (never `.notdef`, which
 * PDF/A forbids) and keeps its own code point in the text layer.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type FontId = 'regular' | 'bold';

const FILES: Record<FontId, string> = { regular: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf' };

/** The tables a TrueType font program embedded in a PDF needs (ISO 32000-1, 9.9), in tag order. */
const KEPT_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'] as const;

/** A parsed TrueType font (read-only, shared by every document of the process). */
export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  readonly bbox: [number, number, number, number];
  readonly italicAngle: number;
  readonly postscriptName: string;
  readonly numGlyphs: number;
  /** Advance width of each glyph, in font units. */
  readonly advances: Uint16Array;
  /** Glyph of each BMP code point (0: none). */
  readonly #bmp: Uint16Array;
  readonly #astral = new Map<number, number>();
  readonly #tables = new Map<string, Buffer>();
  readonly #loca: Uint32Array;
  readonly #glyf: Buffer;
  /** Width in 1/1000 em of each BMP code point as drawn (replacement glyph for missing ones), lazily filled; -1: not computed. */
  readonly #widthCache = new Float64Array(0x10000).fill(-1);
  /** The glyph drawn for a character the font does not have. */
  readonly replacementGlyph: number;

  constructor(readonly bytes: Buffer) {
    const numTables = bytes.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + i * 16;
      const tag = bytes.toString('latin1', rec, rec + 4);
      const offset = bytes.readUInt32BE(rec + 8);
      const length = bytes.readUInt32BE(rec + 12);
      this.#tables.set(tag, bytes.subarray(offset, offset + length));
    }
    const head = this.table('head');
    this.unitsPerEm = head.readUInt16BE(18);
    this.bbox = [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)];
    const longLoca = head.readInt16BE(50) === 1;
    const hhea = this.table('hhea');
    this.ascender = hhea.readInt16BE(4);
    this.descender = hhea.readInt16BE(6);
    const numberOfHMetrics = hhea.readUInt16BE(34);
    this.numGlyphs = this.table('maxp').readUInt16BE(4);
    const os2 = this.#tables.get('OS/2');
    this.capHeight = os2 && os2.readUInt16BE(0) >= 2 ? os2.readInt16BE(88) : Math.round(this.ascender * 0.7);
    const post = this.#tables.get('post');
    this.italicAngle = post ? post.readInt32BE(4) / 65536 : 0;
    this.postscriptName = readPostscriptName(this.#tables.get('name')) ?? 'Font';

    const hmtx = this.table('hmtx');
    this.advances = new Uint16Array(this.numGlyphs);
    let last = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      if (g < numberOfHMetrics) last = hmtx.readUInt16BE(g * 4);
      this.advances[g] = last;
    }
    const loca = this.table('loca');
    this.#loca = new Uint32Array(this.numGlyphs + 1);
    for (let g = 0; g <= this.numGlyphs; g++) this.#loca[g] = longLoca ? loca.readUInt32BE(g * 4) : loca.readUInt16BE(g * 2) * 2;
    this.#glyf = this.table('glyf');
    this.#bmp = new Uint16Array(0x10000);
    const cmap = this.#tables.get('cmap');
    if (cmap) this.#readCmap(cmap); // a subset (as embedded) has none: glyphs are addressed by id
    this.replacementGlyph = this.glyph(0xfffd) || this.glyph(0x3f); // U+FFFD, else '?'
  }

  #readCmap(cmap: Buffer): void {
    const set = (cp: number, g: number): void => {
      if (g === 0 || g >= this.numGlyphs) return;
      if (cp < 0x10000) this.#bmp[cp] = g;
      else this.#astral.set(cp, g);
    };
    for (const { format, offset } of cmapSubtables(cmap)) {
      if (format === 4) {
        const segX2 = cmap.readUInt16BE(offset + 6);
        const ends = offset + 14;
        const starts = ends + segX2 + 2;
        const deltas = starts + segX2;
        const ranges = deltas + segX2;
        for (let s = 0; s < segX2 / 2; s++) {
          const end = cmap.readUInt16BE(ends + s * 2);
          const start = cmap.readUInt16BE(starts + s * 2);
          const delta = cmap.readInt16BE(deltas + s * 2);
          const rangeOffset = cmap.readUInt16BE(ranges + s * 2);
          for (let c = start; c <= end && c !== 0xffff; c++) {
            let g: number;
            if (rangeOffset === 0) g = (c + delta) & 0xffff;
            else {
              const at = ranges + s * 2 + rangeOffset + (c - start) * 2;
              g = cmap.readUInt16BE(at);
              if (g !== 0) g = (g + delta) & 0xffff;
            }
            set(c, g);
          }
        }
      } else {
        const groups = cmap.readUInt32BE(offset + 12);
        for (let i = 0; i < groups; i++) {
          const r = offset + 16 + i * 12;
          const start = cmap.readUInt32BE(r);
          const end = Math.min(cmap.readUInt32BE(r + 4), 0x10ffff);
          const g0 = cmap.readUInt32BE(r + 8);
          for (let c = start; c <= end; c++) set(c, g0 + (c - start));
        }
      }
    }
  }

  table(tag: string): Buffer {
    const t = this.#tables.get(tag);
    if (!t) throw new Error(`font ${this.postscriptName}: no ${tag} table`);
    return t;
  }

  /** The glyph of a code point, 0 when the font has none. */
  glyph(cp: number): number {
    return cp < 0x10000 ? this.#bmp[cp] : (this.#astral.get(cp) ?? 0);
  }

  /** The glyph drawn for a code point (the replacement glyph when the font has none). */
  drawnGlyph(cp: number): number {
    return this.glyph(cp) || this.replacementGlyph;
  }

  /** Width of a string in 1/1000 em (no kerning, no ligatures: what is drawn). */
  widthOf(text: string): number {
    let w = 0;
    const cache = this.#widthCache;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const cp = ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
        i++;
        w += (this.advances[this.drawnGlyph(cp)] * 1000) / this.unitsPerEm;
        continue;
      }
      let cw = cache[c];
      if (cw < 0) {
        cw = (this.advances[this.drawnGlyph(c)] * 1000) / this.unitsPerEm;
        cache[c] = cw;
      }
      w += cw;
    }
    return w;
  }

  /** Width in 1/1000 em of one glyph. */
  glyphWidth(gid: number): number {
    return (this.advances[gid] * 1000) / this.unitsPerEm;
  }

  /** The glyph ids a composite glyph refers to (empty for a simple glyph). */
  components(gid: number): number[] {
    const start = this.#loca[gid];
    const end = this.#loca[gid + 1];
    if (end - start < 10 || this.#glyf.readInt16BE(start) >= 0) return [];
    const out: number[] = [];
    let p = start + 10;
    for (;;) {
      const flags = this.#glyf.readUInt16BE(p);
      out.push(this.#glyf.readUInt16BE(p + 2));
      p += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) p += 2;
      else if (flags & 0x0040) p += 4;
      else if (flags & 0x0080) p += 8;
      if (!(flags & 0x0020)) break;
    }
    return out;
  }

  /**
   * A TrueType font program with the outlines of `used` only (plus the glyphs composite glyphs refer
   * to, and `.notdef`, which a font program must have), renumbered 0…n-1 in the order of the original
   * glyph ids; `glyphIds` maps an original glyph id to its id in the subset.
   */
  subset(used: Iterable<number>): { program: Buffer; glyphIds: Map<number, number> } {
    const keep = new Set<number>([0]);
    const todo = [...used];
    while (todo.length > 0) {
      const g = todo.pop() as number;
      if (g >= this.numGlyphs || keep.has(g)) continue;
      keep.add(g);
      todo.push(...this.components(g));
    }
    const old = [...keep].sort((x, y) => x - y);
    const glyphIds = new Map(old.map((g, i) => [g, i]));
    const n = old.length;
    const glyphs: Buffer[] = [];
    const loca = Buffer.alloc((n + 1) * 4);
    const hmtx = Buffer.alloc(n * 4);
    const srcHmtx = this.table('hmtx');
    const numberOfHMetrics = this.table('hhea').readUInt16BE(34);
    let offset = 0;
    old.forEach((g, i) => {
      loca.writeUInt32BE(offset, i * 4);
      hmtx.writeUInt16BE(this.advances[g], i * 4);
      hmtx.writeInt16BE(g < numberOfHMetrics ? srcHmtx.readInt16BE(g * 4 + 2) : srcHmtx.readInt16BE(numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2), i * 4 + 2);
      const src = this.#glyf.subarray(this.#loca[g], this.#loca[g + 1]);
      if (src.length === 0) return;
      const data = Buffer.from(src);
      if (data.length >= 10 && data.readInt16BE(0) < 0) {
        // composite glyph: its components renumbered
        let p = 10;
        for (;;) {
          const flags = data.readUInt16BE(p);
          data.writeUInt16BE(glyphIds.get(data.readUInt16BE(p + 2)) ?? 0, p + 2);
          p += 4 + (flags & 0x0001 ? 4 : 2);
          if (flags & 0x0008) p += 2;
          else if (flags & 0x0040) p += 4;
          else if (flags & 0x0080) p += 8;
          if (!(flags & 0x0020)) break;
        }
      }
      const pad = (4 - (data.length % 4)) % 4;
      glyphs.push(data, Buffer.alloc(pad));
      offset += data.length + pad;
    });
    loca.writeUInt32BE(offset, n * 4);
    const head = Buffer.from(this.table('head'));
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // long loca
    const hhea = Buffer.from(this.table('hhea'));
    hhea.writeUInt16BE(n, 34);
    const maxp = Buffer.from(this.table('maxp'));
    maxp.writeUInt16BE(n, 4);
    const tables: Record<string, Buffer> = { glyf: Buffer.concat(glyphs), loca, head, hhea, hmtx, maxp };
    const parts = KEPT_TABLES.filter((t) => tables[t] !== undefined || this.#tables.has(t)).map((tag) => ({ tag, data: tables[tag] ?? this.table(tag) }));
    const program = writeSfnt(parts);
    const adjustment = (0xb1b0afba - checksum(program)) >>> 0;
    const headOffset = program.readUInt32BE(12 + parts.findIndex((p) => p.tag === 'head') * 16 + 8);
    program.writeUInt32BE(adjustment, headOffset + 8);
    return { program, glyphIds };
  }
}

function checksum(buf: Buffer): number {
  let sum = 0;
  const whole = buf.length - (buf.length % 4);
  for (let i = 0; i < whole; i += 4) sum = (sum + buf.readUInt32BE(i)) >>> 0;
  if (whole < buf.length) {
    const last = Buffer.alloc(4);
    buf.copy(last, 0, whole);
    sum = (sum + last.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

function writeSfnt(parts: { tag: string; data: Buffer }[]): Buffer {
  const n = parts.length;
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= n) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  parts.forEach(({ tag, data }, i) => {
    const rec = 12 + i * 16;
    header.write(tag, rec, 4, 'latin1');
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    const pad = (4 - (data.length % 4)) % 4;
    bodies.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  return Buffer.concat([header, ...bodies]);
}

function readPostscriptName(name: Buffer | undefined): string | undefined {
  if (!name) return undefined;
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    const platform = name.readUInt16BE(r);
    const nameId = name.readUInt16BE(r + 6);
    if (nameId !== 6) continue;
    const len = name.readUInt16BE(r + 8);
    const off = strings + name.readUInt16BE(r + 10);
    const raw = name.subarray(off, off + len);
    return platform === 3 || platform === 0 ? Buffer.from(raw).swap16().toString('utf16le') : raw.toString('latin1');
  }
  return undefined;
}

// The cmap: format 4 (BMP) and format 12 (all planes), from the Windows Unicode subtables.
function cmapSubtables(cmap: Buffer): { format: number; offset: number }[] {
  const n = cmap.readUInt16BE(2);
  const out: { format: number; offset: number; rank: number }[] = [];
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const rank = platform === 3 && encoding === 10 ? 0 : platform === 0 && encoding >= 4 ? 1 : platform === 3 && encoding === 1 ? 2 : platform === 0 ? 3 : 9;
    if (rank < 9 && (format === 4 || format === 12)) out.push({ format, offset, rank });
  }
  return out.sort((a, b) => b.rank - a.rank); // least preferred first: the preferred one is applied last
}

let fonts: Record<FontId, TrueTypeFont> | undefined;

/** The two fonts, parsed on first use and kept for the process. */
export function loadFonts(): Record<FontId, TrueTypeFont> {
  if (fonts) return fonts;
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  fonts = { regular: new TrueTypeFont(fs.readFileSync(path.join(dir, FILES.regular))), bold: new TrueTypeFont(fs.readFileSync(path.join(dir, FILES.bold))) };
  return fonts;
}

const HEX4: string[] = Array.from({ length: 0x10000 }, (_, i) => i.toString(16).padStart(4, '0'));

/** A byte inside a PDF literal string (binary; the delimiters, the backslash and line ends escaped). */
const BYTE: string[] = Array.from({ length: 256 }, (_, b) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : String.fromCharCode(b)));

/**
 * One font as used by one document: the CIDs handed out (one per code point, in order of first use),
 * from which the font's PDF objects are written at the end.
 */
export class DocumentFont {
  /** code point → CID */
  readonly #cids = new Map<number, number>();
  /** CID → code point (index 0 unused) */
  readonly #codePoints: number[] = [0];

  constructor(readonly font: TrueTypeFont) {}

  #cid(cp: number): number {
    let cid = this.#cids.get(cp);
    if (cid === undefined) {
      cid = this.#codePoints.length;
      if (cid > 0xfffe) return this.#cids.get(0xfffd) ?? 1; // more distinct characters than CIDs: never in practice
      this.#cids.set(cp, cid);
      this.#codePoints.push(cp);
    }
    return cid;
  }

  /** The text as a PDF literal string of 2-byte CIDs (binary, escaped where PDF needs it). */
  encode(text: string): string {
    let out = '(';
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      const cid = this.#cid(cp);
      out += BYTE[cid >> 8] + BYTE[cid & 0xff];
    }
    return `${out})`;
  }

  get used(): boolean {
    return this.#codePoints.length > 1;
  }

  /** Glyph of each CID (index 0: `.notdef`). */
  glyphs(): number[] {
    return this.#codePoints.map((cp, cid) => (cid === 0 ? 0 : this.font.drawnGlyph(cp)));
  }

  /** The `/W` array: widths of CIDs 1…n in 1/1000 em. */
  widths(): number[] {
    return this.glyphs().slice(1).map((g) => Math.round(this.font.glyphWidth(g)));
  }

  /** CIDToGIDMap stream content: two bytes per CID, the glyph ids of the subset. */
  cidToGid(glyphIds: Map<number, number>): Buffer {
    const glyphs = this.glyphs();
    const out = Buffer.alloc(glyphs.length * 2);
    glyphs.forEach((g, i) => out.writeUInt16BE(glyphIds.get(g) ?? 0, i * 2));
    return out;
  }

  /** A subset tag of six capital letters derived from the glyphs used (deterministic, unlike a random tag). */
  subsetTag(): string {
    const h = crypto.createHash('sha256').update(Buffer.from(Uint16Array.from(this.glyphs()).buffer)).digest();
    let tag = '';
    for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i] % 26));
    return tag;
  }

  /** The ToUnicode CMap: each CID to its code point. */
  toUnicode(): string {
    const entries: string[] = [];
    for (let cid = 1; cid < this.#codePoints.length; cid++) {
      const cp = this.#codePoints[cid];
      const u = cp < 0x10000 ? HEX4[cp] : HEX4[0xd800 + ((cp - 0x10000) >> 10)] + HEX4[0xdc00 + ((cp - 0x10000) & 0x3ff)];
      entries.push(`<${HEX4[cid]}> <${u}>`);
    }
    const blocks: string[] = [];
    for (let i = 0; i < entries.length; i += 100) {
      const chunk = entries.slice(i, i + 100);
      blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <ffff>',
      'endcodespacerange',
      ...blocks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}
