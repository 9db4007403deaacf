/**
 * Writes the laid-out pages as a PDF/A-3b file with pdfkit (objects, compression, cross-reference
 * table, document ID, the sRGB output intent with the ICC profile shipped in the pdfkit package, the
 * embedded-file machinery). pdfkit's own text and font code is not used: the content streams come from
 * layout.ts and the fonts from font.ts, written here as Type 0 / CIDFontType2 fonts with a subset font
 * program, a CIDToGIDMap and a ToUnicode map.
 *
 * PDF/A-3b: fonts embedded; XMP metadata (written here, XML-escaped, equal to the document information
 * dictionary) with pdfaid:part 3 and conformance B; an sRGB output intent; no encryption, no
 * transparency, no JavaScript. The received business document can be attached as an associated file
 * (`/AFRelationship /Source`, in the catalog's `/AF` and the EmbeddedFiles name tree).
 *
 * Deterministic: every date is the reception time (or the epoch), the document ID is derived by pdfkit
 * from the information dictionary, the subset tags from the glyphs used; objects are written in a fixed order.
 */
import type { DocumentFont, TrueTypeFont } from './font';
import { PAGE_HEIGHT, PAGE_WIDTH, type Canvas, type DocumentFonts } from './layout';

/** The received business document, embedded in the PDF as its source. */
export interface SourceFile {
  bytes: Buffer;
  filename: string;
  /** Default `application/xml`. */
  mediaType?: string;
  /** Shown in PDF viewers' attachment panel. */
  description?: string;
}

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  creator: string;
  producer: string;
  keywords?: string;
  date: Date;
  lang: string;
}

interface PdfRef {
  data: Record<string, unknown>;
  write(chunk: string | Buffer): void;
  end(chunk?: string | Buffer): void;
  compress: boolean;
}

interface PdfKitDocument {
  addPage(options: Record<string, unknown>): void;
  addContent(data: string): void;
  ref(data: Record<string, unknown>): PdfRef;
  file(src: Buffer, options: Record<string, unknown>): unknown;
  appendXML(xml: string, newline?: boolean): void;
  page: { resources: { data: Record<string, unknown> }; content: PdfRef & { buffer: Buffer[] }; dictionary: { data: Record<string, unknown> } };
  on(event: string, cb: (arg: Buffer) => void): void;
  end(): void;
  _addInfo: () => void;
  endMetadata: () => void;
  metadata: { end(): void; getXML(): string };
  _root: { data: Record<string, unknown> };
}

type PdfKitCtor = new (options: Record<string, unknown>) => PdfKitDocument;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PDFDocument = require('pdfkit') as PdfKitCtor;

/** Text for XML element content. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** XML 1.0 forbids most control characters; the PDF information dictionary takes the same text. */
function xmpSafe(s: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** The XMP packet's descriptions (pdfkit adds the packet wrapper and the pdfaid description). */
function xmpInfo(meta: PdfMeta): string {
  const date = isoSeconds(meta.date);
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${date}</xmp:CreateDate>
            <xmp:ModifyDate>${date}</xmp:ModifyDate>
            <xmp:MetadataDate>${date}</xmp:MetadataDate>
            <xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>${xml(meta.producer)}</pdf:Producer>${meta.keywords ? `\n            <pdf:Keywords>${xml(meta.keywords)}</pdf:Keywords>` : ''}
        </rdf:Description>
`;
}

function writeFont(doc: PdfKitDocument, ref: PdfRef, used: DocumentFont, font: TrueTypeFont): void {
  const { program, glyphIds } = font.subset(used.glyphs());
  const scale = 1000 / font.unitsPerEm;
  const name = `${used.subsetTag()}+${font.postscriptName}`;
  const file = doc.ref({ Length1: program.length });
  file.end(program);
  const descriptor = doc.ref({
    Type: 'FontDescriptor',
    FontName: name,
    Flags: 4, // symbolic: the glyphs are addressed through the CIDToGIDMap, not a standard encoding
    FontBBox: font.bbox.map((v) => Math.round(v * scale)),
    ItalicAngle: font.italicAngle,
    Ascent: Math.round(font.ascender * scale),
    Descent: Math.round(font.descender * scale),
    CapHeight: Math.round(font.capHeight * scale),
    StemV: 80,
    FontFile2: file,
  });
  descriptor.end();
  const cidToGid = doc.ref({});
  cidToGid.end(used.cidToGid(glyphIds));
  const widths = used.widths();
  const cidFont = doc.ref({
    Type: 'Font',
    Subtype: 'CIDFontType2',
    BaseFont: name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: 0,
    W: widths.length > 0 ? [1, widths] : [],
    CIDToGIDMap: cidToGid,
  });
  cidFont.end();
  const toUnicode = doc.ref({});
  toUnicode.end(used.toUnicode());
  ref.data.Type = 'Font';
  ref.data.Subtype = 'Type0';
  ref.data.BaseFont = name;
  ref.data.Encoding = 'Identity-H';
  ref.data.DescendantFonts = [cidFont];
  ref.data.ToUnicode = toUnicode;
  ref.end();
}

/** The PDF of the laid-out pages (with what each page carries drawn on `furnitures[i]`), the source document attached when given. */
export function writePdf(pages: readonly Canvas[], furnitures: readonly Canvas[], fonts: DocumentFonts, meta: PdfMeta, source?: SourceFile | null): Promise<Buffer> {
  const clean = { ...meta, title: xmpSafe(meta.title), author: xmpSafe(meta.author), subject: xmpSafe(meta.subject), keywords: meta.keywords === undefined ? undefined : xmpSafe(meta.keywords) };
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    font: null, // no default font: pdfkit would otherwise parse Helvetica's metrics for every document
    compress: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: meta.lang,
    displayTitle: true,
    info: {
      Title: clean.title,
      Author: clean.author,
      Subject: clean.subject,
      Creator: clean.creator,
      Producer: clean.producer,
      ...(clean.keywords ? { Keywords: clean.keywords } : {}),
      CreationDate: meta.date,
      ModDate: meta.date,
    },
  });
  // pdfkit writes the information dictionary into the XMP packet without escaping: written here instead.
  doc._addInfo = () => doc.appendXML(xmpInfo(clean));
  // and its metadata stream carries a stray `/length` (the packet's length in UTF-16 units): written here too.
  doc.endMetadata = () => {
    doc._addInfo();
    doc.metadata.end();
    const ref = doc.ref({ Type: 'Metadata', Subtype: 'XML' });
    ref.compress = false; // PDF/A: the XMP stays readable by tools that do not decompress
    ref.end(Buffer.from(doc.metadata.getXML(), 'utf-8'));
    doc._root.data.Metadata = ref;
  };
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject as (e: Buffer) => void);
  });
  const fontRefs = { F1: doc.ref({}), F2: doc.ref({}) };
  pages.forEach((page, i) => {
    doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
    doc.page.resources.data.Font = fontRefs;
    // Two content streams: the page's body, deflated when the page was finished, and what every page
    // carries (footer, page x / y), which replaces what pdfkit wrote (its y-flip: the content uses PDF coordinates).
    const body = doc.ref({ Filter: 'FlateDecode' });
    body.end(page.finish());
    const furniture = doc.page.content;
    furniture.buffer = [];
    furniture.data = { Length: 0 };
    furniture.compress = false;
    furniture.write(furnitures[i].finish());
    furniture.data.Filter = 'FlateDecode';
    doc.page.dictionary.data.Contents = [body, furniture];
  });
  if (source) {
    doc.file(source.bytes, {
      name: source.filename,
      type: source.mediaType ?? 'application/xml',
      description: source.description ?? source.filename,
      relationship: 'Source',
      creationDate: meta.date,
      modifiedDate: meta.date,
    });
  }
  writeFont(doc, fontRefs.F1, fonts.used.regular, fonts.used.regular.font);
  writeFont(doc, fontRefs.F2, fonts.used.bold, fonts.used.bold.font);
  doc.end();
  return done;
}
