/**
 * renderDefinition(def) → a PDF from a pdfmake document definition, for the hub's simple reports (the
 * Authority console's provider report). The standardised PDF of an invoice is not made here any more:
 * it is laid out directly on pdfkit (templates/pdf/), re-exported below for the callers that import it
 * from this module.
 *
 * pdfmake's layout engine and its pdfkit back end are used directly (not the module singleton, whose
 * fonts and policies any other caller could change). Fonts: Roboto as shipped inside the pdfmake
 * package (`pdfmake/fonts/Roboto`), read once into an in-memory virtual file system; pdfmake gets no
 * access to the network nor to local files (both access policies refuse everything).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

export { renderPdf, renderPdfWithInfo, type DeliveredTo, type RenderOptions, type RenderResult, type RenderValidation, type SourceFile } from './pdf';

interface VirtualFs {
  existsSync(p: string): boolean;
  readFileSync(p: string): Buffer;
  writeFileSync(p: string, data: Buffer | ArrayBuffer): void;
}

interface PdfKitDoc {
  on(event: 'data', cb: (chunk: Buffer) => void): void;
  on(event: 'end', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  end(): void;
  bufferedPageRange?(): { count: number };
}

interface PrinterInstance {
  createPdfKitDocument(def: TDocumentDefinitions, options?: Record<string, unknown>): Promise<PdfKitDoc>;
}
type PrinterCtor = new (fonts: Record<string, Record<string, string>>, vfs: VirtualFs, urlResolver: unknown, localAccessPolicy: (p: string) => boolean) => PrinterInstance;
type UrlResolverCtor = new (vfs: VirtualFs) => { setUrlAccessPolicy(cb: (url: string) => boolean): void };

// pdfmake ships CommonJS without type declarations for its internal modules.
/* eslint-disable @typescript-eslint/no-require-imports */
const Printer = (require('pdfmake/js/Printer') as { default: PrinterCtor }).default;
const URLResolver = (require('pdfmake/js/URLResolver') as { default: UrlResolverCtor }).default;
/* eslint-enable @typescript-eslint/no-require-imports */

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
};

let vfs: VirtualFs | undefined;

/**
 * Parsed fonts, shared by every render of the process. Parsing the four Roboto files with fontkit
 * took most of the time of a small invoice. pdfkit parses whatever bytes pdfmake reads from the
 * virtual file system with `fontkit.create`, which asks each registered font format whether it
 * recognises the bytes. So the virtual file system hands out a small token (`EIHF` + index) instead
 * of the font file, and a font "format" registered here recognises exactly those tokens and returns
 * the font parsed once (a constructor may return an object). No other bytes are affected. Each
 * document still builds its own subset, so the output is unchanged (tested).
 */
const TOKEN_MAGIC = Buffer.from('EIHF', 'latin1');
const parsedFonts: unknown[] = [];
let formatRegistered = false;

interface Fontkit {
  create(buf: Uint8Array, postscriptName?: string): unknown;
  registerFormat(format: unknown): void;
}

function registerTokenFormat(fontkit: Fontkit): void {
  if (formatRegistered) return;
  formatRegistered = true;
  class ParsedFontToken {
    static probe(buf: Uint8Array): boolean {
      return buf.length === 8 && Buffer.from(buf.buffer, buf.byteOffset, 4).equals(TOKEN_MAGIC);
    }
    constructor(stream: { buffer: Uint8Array }) {
      const buf = Buffer.from(stream.buffer);
      const font = parsedFonts[buf.readUInt32BE(4)] as { _glyphs?: Record<number, unknown> } | undefined;
      if (font === undefined) throw new Error('unknown parsed-font token');
      // fontkit caches glyph objects with the code points of their FIRST use (a glyph first met as
      // a component of another one has none, and would then be missing from the text layer of every
      // later document). Each document starts with an empty glyph cache, as in a fresh process; this
      // runs inside pdfmake's synchronous layout of one document, so documents cannot interleave here.
      font._glyphs = {};
      return font as ParsedFontToken;
    }
  }
  fontkit.registerFormat(ParsedFontToken);
}

function fontVfs(): VirtualFs {
  if (vfs) return vfs;
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const files = new Map<string, Buffer>();
  // fontkit as pdfkit resolves it (the same module instance pdfkit calls).
  const fontkit = require(require.resolve('fontkit', { paths: [path.dirname(require.resolve('pdfkit', { paths: [path.dirname(require.resolve('pdfmake/package.json'))] }))] })) as Fontkit; // eslint-disable-line @typescript-eslint/no-require-imports
  registerTokenFormat(fontkit);
  for (const f of Object.values(FONT_FILES)) {
    const token = Buffer.alloc(8);
    TOKEN_MAGIC.copy(token, 0);
    token.writeUInt32BE(parsedFonts.length, 4);
    parsedFonts.push(fontkit.create(fs.readFileSync(path.join(dir, f))));
    files.set(`fonts/${f}`, token);
  }
  vfs = {
    existsSync: (p) => files.has(p),
    readFileSync: (p) => Buffer.from(files.get(p) ?? Buffer.alloc(0)),
    writeFileSync: () => {
      throw new Error('pdfmake may not download anything');
    },
  };
  return vfs;
}

const FONTS = { Roboto: Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, `fonts/${f}`])) };

/** Renders a pdfmake document definition to bytes (no network, no local file access). */
export async function renderDefinition(def: TDocumentDefinitions): Promise<{ pdf: Buffer; pages: number }> {
  const v = fontVfs();
  const resolver = new URLResolver(v);
  resolver.setUrlAccessPolicy(() => false);
  // Printer mutates the font dictionary it is given: a fresh copy each time.
  const printer = new Printer(JSON.parse(JSON.stringify(FONTS)) as Record<string, Record<string, string>>, v, resolver, () => false);
  let pages = 0;
  const wrapped: TDocumentDefinitions = {
    ...def,
    footer: typeof def.footer === 'function'
      ? (page, count, size) => {
          pages = count;
          return (def.footer as (p: number, c: number, s: typeof size) => ReturnType<Extract<TDocumentDefinitions['footer'], (...a: never[]) => unknown>>)(page, count, size);
        }
      : def.footer,
  };
  const doc = await printer.createPdfKitDocument(wrapped);
  const chunks: Buffer[] = [];
  const pdf = await new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
  return { pdf, pages };
}
