/**
 * A small layout engine for the standardised PDF: text runs wrapped into lines, "strips" (horizontal
 * bands that know their height, how to draw themselves and how to split at a height), and a flow that
 * places strips on A4 pages, repeating a table's header on each page it continues on.
 *
 * Everything is measured with the fonts' advance widths (font.ts): no shaping, no kerning, no
 * ligatures — what is measured is exactly what is drawn, and the cost of a page is a few table
 * look-ups per character. Every strip can split at line granularity, so nothing, however long, can
 * overflow a page; strips marked `keep` move whole to the next page when they fit on one.
 */
import zlib from 'node:zlib';
import { DocumentFont, loadFonts, type FontId, type TrueTypeFont } from './font';

export interface Style {
  font: FontId;
  size: number;
  color: string;
}

export interface Run {
  text: string;
  style: Style;
}

interface Piece {
  text: string;
  style: Style;
  x: number;
}

export interface Line {
  pieces: Piece[];
  width: number;
  height: number;
  /** Distance from the top of the line to the baseline. */
  baseline: number;
}

/** Line height as a multiple of the largest font size on the line. */
export const LINE_HEIGHT = 1.2;

const fonts = (): Record<FontId, TrueTypeFont> => loadFonts();

/** Width of a text in points. */
export function textWidth(text: string, style: Style): number {
  return (fonts()[style.font].widthOf(text) * style.size) / 1000;
}

function lineMetrics(size: number): { height: number; baseline: number } {
  const f = fonts().regular;
  const asc = f.ascender / f.unitsPerEm;
  const desc = -f.descender / f.unitsPerEm;
  const height = size * LINE_HEIGHT;
  return { height, baseline: (height - size * (asc + desc)) / 2 + size * asc };
}

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);

/**
 * Splits a text into tokens: a word with its trailing spaces; a word also ends after a hyphen between two
 * letters (not in `BT-131`, `-1500`, dates), and after a soft hyphen (U+00AD, drawn as a hyphen only where the line breaks).
 */
function tokens(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xad) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 0x20) {
      // spaces belong to the word before them
      while (i + 1 < text.length && text.charCodeAt(i + 1) === 0x20) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 0x2d && i > start && i + 1 < text.length && isLetter(text.charCodeAt(i - 1)) && isLetter(text.charCodeAt(i + 1))) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

export interface WrapOptions {
  /** false: a word wider than the line overflows instead of being broken (column headers, which are fitted beforehand). */
  breakWords?: boolean;
}

/** The line being filled by `wrap` (a class, not closures: wrap runs for every cell of every row). */
class LineBuilder {
  readonly lines: Line[] = [];
  pieces: Piece[] = [];
  x = 0;
  visible = 0;
  maxSize = 0;
  /** The style of the last token placed when it ended at a soft hyphen. */
  lastSoft: Style | null = null;
  /** Whether the line may break after the last token placed (it ended with a space or a hyphen). */
  breakable = true;
  /** Where the line may last break: after that piece's first `offset` characters, at x (visible width `visible`). */
  breakAt: { piece: number; offset: number; x: number; visible: number; soft: Style | null } | null = null;

  get empty(): boolean {
    return this.pieces.length === 0 && this.x === 0;
  }

  put(text: string, style: Style, w: number, trailing: number, breakable: boolean, soft: Style | null): void {
    const last = this.pieces[this.pieces.length - 1];
    if (last && last.style === style) last.text += text;
    else this.pieces.push({ text, style, x: this.x });
    this.visible = this.x + w - trailing;
    this.x += w;
    if (style.size > this.maxSize) this.maxSize = style.size;
    this.breakable = breakable;
    this.lastSoft = soft;
    if (breakable) this.breakAt = { piece: this.pieces.length - 1, offset: this.pieces[this.pieces.length - 1].text.length, x: this.x, visible: this.visible, soft };
  }

  finish(fallbackSize: number): void {
    if (this.lastSoft) {
      // the line breaks at a soft hyphen: the hyphen is drawn
      this.pieces[this.pieces.length - 1].text += '-';
      this.visible += textWidth('-', this.lastSoft);
      this.lastSoft = null;
    }
    const m = lineMetrics(this.maxSize || fallbackSize);
    this.lines.push({ pieces: this.pieces, width: this.visible, height: m.height, baseline: m.baseline });
    this.pieces = [];
    this.x = 0;
    this.visible = 0;
    this.maxSize = 0;
    this.breakable = true;
    this.breakAt = null;
  }

  /**
   * Ends the line before a token that does not fit. When the text since the last break opportunity
   * is glued to that token (a label and its value in two runs: `Period:` + `01 Jan 2026`), it moves to
   * the next line with it.
   */
  breakBefore(fallbackSize: number): void {
    const at = this.breakAt;
    if (this.breakable || at === null) return this.finish(fallbackSize);
    const p = this.pieces[at.piece];
    const carried: Piece[] = [];
    const tail = p.text.slice(at.offset);
    if (tail !== '') carried.push({ text: tail, style: p.style, x: 0 });
    for (const q of this.pieces.slice(at.piece + 1)) carried.push({ text: q.text, style: q.style, x: q.x - at.x });
    const width = this.x - at.x;
    const visible = this.visible - at.x;
    p.text = p.text.slice(0, at.offset);
    this.pieces = this.pieces.slice(0, at.piece + 1).filter((q) => q.text !== '');
    this.x = at.x;
    this.visible = at.visible;
    this.lastSoft = at.soft;
    this.maxSize = this.pieces.reduce((m, q) => Math.max(m, q.style.size), 0);
    this.finish(fallbackSize);
    this.pieces = carried;
    this.x = width;
    this.visible = visible;
    this.maxSize = carried.reduce((m, q) => Math.max(m, q.style.size), 0);
    this.breakable = false;
  }
}

/** Lays out runs of text into lines of at most `width` points. `\n` breaks a line. */
export function wrap(runs: readonly Run[], width: number, opts: WrapOptions = {}): Line[] {
  const breakWords = opts.breakWords !== false;
  const b = new LineBuilder();
  for (const run of runs) {
    const style = run.style;
    const segments = run.text.split('\n');
    for (let si = 0; si < segments.length; si++) {
      if (si > 0) {
        b.lastSoft = null;
        b.finish(style.size);
      }
      for (let tok of tokens(segments[si])) {
        const soft = tok.charCodeAt(tok.length - 1) === 0xad;
        if (soft) tok = tok.slice(0, -1);
        const lastCode = tok.charCodeAt(tok.length - 1);
        const breakable = soft || lastCode === 0x20 || lastCode === 0x2d;
        let w = textWidth(tok, style);
        const trimmed = lastCode === 0x20 ? tok.trimEnd() : tok;
        const trailing = trimmed.length < tok.length ? w - textWidth(trimmed, style) : 0;
        if (b.x + w - trailing <= width + 0.01) {
          b.put(tok, style, w, trailing, breakable, soft ? style : null);
          continue;
        }
        if (!b.empty) {
          if (trimmed === '') {
            b.finish(style.size); // spaces at a line break are dropped
            continue;
          }
          b.breakBefore(style.size);
          if (b.x + w - trailing <= width + 0.01) {
            b.put(tok, style, w, trailing, breakable, soft ? style : null);
            continue;
          }
          if (!b.empty) b.finish(style.size); // the glued text and the token do not fit together on a line
        }
        if (w - trailing <= width + 0.01 || !breakWords) {
          b.put(tok, style, w, trailing, breakable, soft ? style : null);
          continue;
        }
        // A word wider than the line: broken between characters.
        while (tok !== '') {
          let n = 0;
          let acc = 0;
          for (const ch of tok) {
            const cw = textWidth(ch, style);
            if (n > 0 && acc + cw > width + 0.01) break;
            acc += cw;
            n += ch.length;
          }
          const part = tok.slice(0, n);
          tok = tok.slice(n);
          w = textWidth(part, style);
          b.put(part, style, w, 0, tok === '' && breakable, null);
          if (tok !== '') b.finish(style.size);
        }
      }
    }
  }
  b.lastSoft = null;
  if (b.pieces.length > 0 || b.lines.length === 0) b.finish(runs[0]?.style.size ?? 8);
  return b.lines;
}

/** The width of the widest word of the runs, up to a soft hyphen with the hyphen drawn (what a column must offer for no word to be broken). */
export function widestWord(runs: readonly Run[]): number {
  let max = 0;
  for (const r of runs) {
    for (const seg of r.text.split('\n')) {
      for (const tok of tokens(seg)) {
        const w = tok.endsWith('\u00ad') ? textWidth(`${tok.slice(0, -1)}-`, r.style) : textWidth(tok.trimEnd(), r.style);
        if (w > max) max = w;
      }
    }
  }
  return max;
}

// ── Drawing ──────────────────────────────────────────────────────────────────────────────────

const FONT_NAMES: Record<FontId, string> = { regular: 'F1', bold: 'F2' };

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const rgbCache = new Map<string, string>();
function rgb(hex: string): string {
  let v = rgbCache.get(hex);
  if (v === undefined) {
    const n = parseInt(hex.slice(1), 16);
    v = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => String(Math.round((c / 255) * 1000) / 1000)).join(' ');
    rgbCache.set(hex, v);
  }
  return v;
}

/** The fonts of one document: the CIDs it uses and the PDF objects written at the end. */
export class DocumentFonts {
  readonly used: Record<FontId, DocumentFont>;
  constructor() {
    const f = loadFonts();
    this.used = { regular: new DocumentFont(f.regular), bold: new DocumentFont(f.bold) };
  }
}

/** zlib level of the content streams: 3 is about as fast as 1 and much smaller; 6 (zlib's default) is 2.5× slower for 40 % less. */
const CONTENT_LEVEL = 3;

export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

/** The content stream of one page, built top-down (y grows downwards from the top edge). */
export class Canvas {
  #parts: string[] = [];
  #compressed: Buffer | null = null;
  #font = '';
  #fill = '';
  #stroke = '';
  #lineWidth = -1;

  constructor(readonly fonts: DocumentFonts) {}

  text(x: number, baselineY: number, text: string, style: Style): void {
    if (text === '') return;
    const font = `/${FONT_NAMES[style.font]} ${num(style.size)} Tf`;
    let op = 'BT ';
    if (font !== this.#font) {
      op += `${font} `;
      this.#font = font;
    }
    if (style.color !== this.#fill) {
      op += `${rgb(style.color)} rg `;
      this.#fill = style.color;
    }
    this.#parts.push(`${op}${num(x)} ${num(PAGE_HEIGHT - baselineY)} Td ${this.fonts.used[style.font].encode(text)} Tj ET\n`);
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    let op = '';
    if (fill !== this.#fill) {
      op = `${rgb(fill)} rg `;
      this.#fill = fill;
    }
    this.#parts.push(`${op}${num(x)} ${num(PAGE_HEIGHT - y - h)} ${num(w)} ${num(h)} re f\n`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: string): void {
    this.#parts.push(`${this.#strokeState(width, color)}${num(x1)} ${num(PAGE_HEIGHT - y1)} m ${num(x2)} ${num(PAGE_HEIGHT - y2)} l S\n`);
  }

  /** The operators that set the stroke colour and width, when they differ from the current ones. */
  #strokeState(width: number, color: string): string {
    let op = '';
    if (color !== this.#stroke) {
      op += `${rgb(color)} RG `;
      this.#stroke = color;
    }
    if (width !== this.#lineWidth) {
      op += `${num(width)} w `;
      this.#lineWidth = width;
    }
    return op;
  }

  /** Rectangle outline. */
  frame(x: number, y: number, w: number, h: number, width: number, color: string): void {
    this.#parts.push(`${this.#strokeState(width, color)}${num(x)} ${num(PAGE_HEIGHT - y - h)} ${num(w)} ${num(h)} re S\n`);
  }

  /**
   * The content stream, deflated (text strings are literal strings of 2-byte CIDs). A finished page
   * keeps only these bytes: a long invoice's layout is not held in memory.
   */
  finish(): Buffer {
    if (this.#compressed === null) {
      this.#compressed = zlib.deflateSync(Buffer.from(this.#parts.join(''), 'latin1'), { level: CONTENT_LEVEL });
      this.#parts = [];
    }
    return this.#compressed;
  }
}

// ── Strips ───────────────────────────────────────────────────────────────────────────────────

export interface Strip {
  readonly height: number;
  /** Moved whole to the next page when it does not fit (and fits on an empty page). */
  readonly keep?: boolean;
  draw(c: Canvas, x: number, y: number): void;
  /** The part that fits in `h` and the rest; null when nothing fits. */
  split(h: number): [Strip, Strip] | null;
}

export type Align = 'left' | 'right' | 'center';

/** Lines of text in a box of a given width. */
export class TextStrip implements Strip {
  readonly height: number;
  constructor(readonly lines: Line[], readonly width: number, readonly align: Align = 'left', readonly keep = false) {
    let h = 0;
    for (const l of lines) h += l.height;
    this.height = h;
  }

  static of(runs: readonly Run[], width: number, align: Align = 'left', opts: WrapOptions = {}): TextStrip {
    return new TextStrip(wrap(runs, width, opts), width, align);
  }

  draw(c: Canvas, x: number, y: number): void {
    let top = y;
    for (const l of this.lines) {
      const off = this.align === 'right' ? this.width - l.width : this.align === 'center' ? (this.width - l.width) / 2 : 0;
      for (const p of l.pieces) c.text(x + off + p.x, top + l.baseline, p.text, p.style);
      top += l.height;
    }
  }

  split(h: number): [Strip, Strip] | null {
    let acc = 0;
    let n = 0;
    while (n < this.lines.length && acc + this.lines[n].height <= h + 0.01) acc += this.lines[n++].height;
    if (n === 0) return null;
    return [new TextStrip(this.lines.slice(0, n), this.width, this.align), new TextStrip(this.lines.slice(n), this.width, this.align)];
  }
}

/** Vertical space (dropped at the top of a page). */
export class Space implements Strip {
  constructor(readonly height: number) {}
  draw(): void {}
  split(): [Strip, Strip] | null {
    return null;
  }
}

export const EMPTY: Strip = new Space(0);

/** Strips one under the other. */
export class Stack implements Strip {
  readonly height: number;
  constructor(readonly children: readonly Strip[], readonly keep = false) {
    let h = 0;
    for (const c of children) h += c.height;
    this.height = h;
  }

  draw(c: Canvas, x: number, y: number): void {
    let top = y;
    for (const s of this.children) {
      s.draw(c, x, top);
      top += s.height;
    }
  }

  split(h: number): [Strip, Strip] | null {
    let acc = 0;
    let i = 0;
    while (i < this.children.length && acc + this.children[i].height <= h + 0.01) acc += this.children[i++].height;
    if (i === this.children.length) return [this, EMPTY];
    const parts = this.children[i].split(h - acc);
    const first = this.children.slice(0, i);
    let rest = this.children.slice(i);
    if (parts) {
      first.push(parts[0]);
      rest = [parts[1], ...this.children.slice(i + 1)];
    }
    while (rest.length > 0 && rest[0] instanceof Space) rest = rest.slice(1);
    if (first.every((s) => s instanceof Space)) return null;
    return [new Stack(first), new Stack(rest)];
  }
}

export interface RowStyle {
  padTop?: number;
  padBottom?: number;
  /** Background of the whole row. */
  fill?: string;
  /** A rule under the row. */
  rule?: { width: number; color: string };
  /** An outline around the row. */
  border?: { width: number; color: string };
}

export interface Column {
  /** Offset from the row's left edge. */
  x: number;
  strip: Strip;
}

/** Columns side by side (a table row, or boxes next to each other), split column by column. */
export class Row implements Strip {
  readonly height: number;
  constructor(readonly width: number, readonly columns: readonly Column[], readonly style: RowStyle = {}, readonly keep = true) {
    let h = 0;
    for (const c of columns) if (c.strip.height > h) h = c.strip.height;
    this.height = h + (style.padTop ?? 0) + (style.padBottom ?? 0);
  }

  draw(c: Canvas, x: number, y: number): void {
    const s = this.style;
    if (s.fill) c.rect(x, y, this.width, this.height, s.fill);
    for (const col of this.columns) col.strip.draw(c, x + col.x, y + (s.padTop ?? 0));
    if (s.rule) c.line(x, y + this.height, x + this.width, y + this.height, s.rule.width, s.rule.color);
    if (s.border) c.frame(x, y, this.width, this.height, s.border.width, s.border.color);
  }

  split(h: number): [Strip, Strip] | null {
    const inner = h - (this.style.padTop ?? 0) - (this.style.padBottom ?? 0);
    if (inner <= 0) return null;
    const first: Column[] = [];
    const rest: Column[] = [];
    let any = false;
    for (const col of this.columns) {
      if (col.strip.height <= inner + 0.01) {
        first.push(col);
        rest.push({ x: col.x, strip: EMPTY });
        if (col.strip.height > 0) any = true;
        continue;
      }
      const parts = col.strip.split(inner);
      if (parts) {
        any = true;
        first.push({ x: col.x, strip: parts[0] });
        rest.push({ x: col.x, strip: parts[1] });
      } else {
        first.push({ x: col.x, strip: EMPTY });
        rest.push(col);
      }
    }
    if (!any) return null;
    if (rest.every((c) => c.strip.height === 0)) return [this, EMPTY];
    return [new Row(this.width, first, this.style, false), new Row(this.width, rest, this.style, false)];
  }
}

/** A strip drawn with a horizontal offset (indentation). */
export class Indent implements Strip {
  readonly height: number;
  constructor(readonly dx: number, readonly inner: Strip, readonly keep = false) {
    this.height = inner.height;
  }
  draw(c: Canvas, x: number, y: number): void {
    this.inner.draw(c, x + this.dx, y);
  }
  split(h: number): [Strip, Strip] | null {
    const p = this.inner.split(h);
    return p ? [new Indent(this.dx, p[0]), new Indent(this.dx, p[1])] : null;
  }
}

/** A group of strips kept together when it fits on a page (a heading with the first rows of its section). */
export function keep(children: readonly Strip[]): Strip {
  return new Stack(children, true);
}

// ── The flow ─────────────────────────────────────────────────────────────────────────────────

export interface PageGeometry {
  left: number;
  top: number;
  bottom: number;
  width: number;
}

/** Places strips on pages, top to bottom; a new page when the current one is full. */
export class Flow {
  readonly pages: Canvas[] = [];
  #page!: Canvas;
  #y = 0;
  #repeat: Strip | null = null;
  /** y below the repeated header (or the top margin) of the current page. */
  #pageTop = 0;

  constructor(readonly fonts: DocumentFonts, readonly geo: PageGeometry) {
    this.newPage();
  }

  get page(): Canvas {
    return this.#page;
  }

  get remaining(): number {
    return this.geo.bottom - this.#y;
  }

  get atPageTop(): boolean {
    return this.#y <= this.#pageTop + 0.01;
  }

  newPage(): void {
    this.#page?.finish();
    this.#page = new Canvas(this.fonts);
    this.pages.push(this.#page);
    this.#y = this.geo.top;
    if (this.#repeat) {
      this.#repeat.draw(this.#page, this.geo.left, this.#y);
      this.#y += this.#repeat.height;
    }
    this.#pageTop = this.#y;
  }

  /** The pages, every one finished. */
  finish(): Canvas[] {
    this.#page.finish();
    return this.pages;
  }

  /** A table header drawn at the top of every following page until `endRepeat()`. */
  repeat(header: Strip | null): void {
    this.#repeat = header;
  }

  /** A new page unless `h` points fit on this one. */
  ensure(h: number): void {
    if (h > this.remaining && !this.atPageTop) this.newPage();
  }

  add(strip: Strip): void {
    let s: Strip | null = strip;
    while (s) {
      if (s instanceof Space) {
        if (!this.atPageTop) this.#y = Math.min(this.#y + s.height, this.geo.bottom);
        return;
      }
      if (s.height <= this.remaining + 0.01) {
        s.draw(this.#page, this.geo.left, this.#y);
        this.#y += s.height;
        return;
      }
      const full = this.geo.bottom - this.geo.top - (this.#repeat?.height ?? 0);
      if (s.keep && s.height <= full && !this.atPageTop) {
        this.newPage();
        continue;
      }
      const parts = s.split(this.remaining);
      if (!parts) {
        if (this.atPageTop) {
          // nothing of it fits even on an empty page (cannot happen with lines shorter than a page): draw and move on
          s.draw(this.#page, this.geo.left, this.#y);
          this.#y += s.height;
          return;
        }
        this.newPage();
        continue;
      }
      parts[0].draw(this.#page, this.geo.left, this.#y);
      if (parts[1].height <= 0) {
        this.#y += parts[0].height;
        return;
      }
      this.newPage();
      s = parts[1];
    }
  }
}
