/**
 * A minimal PDF writer for the Factur-X extraction tests: one page, embedded files with their file
 * specifications (EmbeddedFiles name tree, /AF of the catalog, as PDF/A-3 and Factur-X have them), and,
 * on demand, the PDF 1.5 form that tools such as qpdf or Ghostscript write: every non-stream object in a
 * compressed object stream and a cross-reference stream instead of the classic table.
 */
import zlib from 'node:zlib';

export interface EmbeddedFileSpec {
  name: string;
  data: Buffer;
  /** Write `/Type /EmbeddedFile` on the stream (optional in PDF; default true). */
  typeKey?: boolean;
  /** Flate-compress the stream (default true). */
  compress?: boolean;
  /** MIME type as `/Subtype` (default text/xml). */
  subtype?: string;
  relationship?: string;
  /** The raw stream data written as is (for damaged streams); `/Filter /FlateDecode` is then declared when `compress`. */
  raw?: Buffer;
  /** Name the file in the specification's /F only (older writers), not /UF. */
  fOnly?: boolean;
}

export interface PdfOptions {
  files: EmbeddedFileSpec[];
  /** Non-stream objects in an object stream, cross-reference stream (PDF 1.5+). */
  objectStreams?: boolean;
  /** Extra entries for the trailer (classic) or the cross-reference stream dictionary. */
  trailerExtra?: string;
}

const pdfString = (s: string): string => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** Builds the PDF; object numbers: 1 catalog, 2 pages, 3 page, 4 content, then a stream and a specification per file. */
export function buildPdf(opts: PdfOptions): Buffer {
  const objs = new Map<number, { dict: string; stream?: Buffer }>();
  const content = Buffer.from('BT /F1 12 Tf 72 720 Td (Facture - voir la piece jointe) Tj ET');
  const specs: number[] = [];
  let next = 5;
  for (const f of opts.files) {
    const fileNum = next++;
    const specNum = next++;
    specs.push(specNum);
    const compress = f.compress ?? true;
    const data = f.raw ?? (compress ? zlib.deflateSync(f.data) : f.data);
    const entries = [
      ...(f.typeKey ?? true ? ['/Type /EmbeddedFile'] : []),
      `/Subtype /${(f.subtype ?? 'text/xml').replace('/', '#2F')}`,
      `/Params << /Size ${f.data.length} /ModDate (D:20260504120000+02'00') >>`,
      ...(compress ? ['/Filter /FlateDecode'] : []),
      `/Length ${data.length}`,
    ];
    objs.set(fileNum, { dict: `<< ${entries.join(' ')} >>`, stream: data });
    const names = f.fOnly ? `/F ${pdfString(f.name)}` : `/F ${pdfString(f.name)} /UF ${pdfString(f.name)}`;
    objs.set(specNum, { dict: `<< /Type /Filespec ${names} /Desc (Invoice) /AFRelationship /${f.relationship ?? 'Alternative'} /EF << /F ${fileNum} 0 R${f.fOnly ? '' : ` /UF ${fileNum} 0 R`} >> >>` });
  }
  const nameTree = specs.map((n, i) => `${pdfString(opts.files[i].name)} ${n} 0 R`).join(' ');
  objs.set(1, { dict: `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${nameTree}] >> >> /AF [${specs.map((n) => `${n} 0 R`).join(' ')}] >>` });
  objs.set(2, { dict: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' });
  objs.set(3, { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>' });
  objs.set(4, { dict: `<< /Length ${content.length} >>`, stream: content });

  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const push = (b: Buffer): void => {
    parts.push(b);
    offset += b.length;
  };
  const offsets = new Map<number, number>();
  const writeObj = (num: number, dict: string, stream?: Buffer): void => {
    offsets.set(num, offset);
    push(Buffer.from(`${num} 0 obj\n${dict}\n`, 'latin1'));
    if (stream) {
      push(Buffer.from('stream\n', 'latin1'));
      push(stream);
      push(Buffer.from('\nendstream\n', 'latin1'));
    }
    push(Buffer.from('endobj\n', 'latin1'));
  };

  if (!opts.objectStreams) {
    const size = next;
    for (let n = 1; n < size; n++) {
      const o = objs.get(n);
      if (o) writeObj(n, o.dict, o.stream);
    }
    const xref = offset;
    const rows = ['0000000000 65535 f \n', ...Array.from({ length: size - 1 }, (_v, i) => `${String(offsets.get(i + 1) ?? 0).padStart(10, '0')} 00000 n \n`)];
    push(Buffer.from(`xref\n0 ${size}\n${rows.join('')}trailer\n<< /Size ${size} /Root 1 0 R ${opts.trailerExtra ?? ''}>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }

  // Object stream: every object without a stream; the streams stay top-level (PDF forbids them in object streams).
  const objStmNum = next;
  const xrefNum = next + 1;
  const inStream = [...objs.entries()].filter(([, o]) => !o.stream).map(([n]) => n).sort((a, b) => a - b);
  const bodies = inStream.map((n) => Buffer.from(`${(objs.get(n) as { dict: string }).dict}\n`, 'latin1'));
  let at = 0;
  const header = inStream.map((n, i) => {
    const h = `${n} ${at}`;
    at += bodies[i].length;
    return h;
  }).join(' ') + '\n';
  const objStm = zlib.deflateSync(Buffer.concat([Buffer.from(header, 'latin1'), ...bodies]));
  for (const [n, o] of [...objs.entries()].sort((a, b) => a[0] - b[0])) if (o.stream) writeObj(n, o.dict, o.stream);
  writeObj(objStmNum, `<< /Type /ObjStm /N ${inStream.length} /First ${Buffer.byteLength(header, 'latin1')} /Filter /FlateDecode /Length ${objStm.length} >>`, objStm);
  const xrefAt = offset;
  offsets.set(xrefNum, xrefAt);
  const size = xrefNum + 1;
  const rows: Buffer[] = [];
  for (let n = 0; n < size; n++) {
    // type 0 free, 2 in the object stream (its number, index), 1 at a file offset
    const idx = inStream.indexOf(n);
    const [type, field2, field3] = n === 0 ? [0, 0, 65535] : idx >= 0 ? [2, objStmNum, idx] : [1, offsets.get(n) ?? 0, 0];
    const row = Buffer.alloc(7);
    row.writeUInt8(type, 0);
    row.writeUInt32BE(field2, 1);
    row.writeUInt16BE(field3, 5);
    rows.push(row);
  }
  const xref = zlib.deflateSync(Buffer.concat(rows));
  writeObj(xrefNum, `<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R ${opts.trailerExtra ?? ''}/Filter /FlateDecode /Length ${xref.length} >>`, xref);
  push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
