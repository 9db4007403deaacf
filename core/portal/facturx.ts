/**
 * Extracts the XML invoice embedded in a Factur-X / ZUGFeRD / XRechnung PDF (PDF/A-3 with an
 * associated file `factur-x.xml`, `zugferd-invoice.xml`, `ZUGFeRD-invoice.xml` or `xrechnung.xml`).
 *
 * A small, defensive reader: it scans the PDF's stream objects (no object-stream or cross-reference
 * parsing needed for the embedded file itself), takes those typed `/EmbeddedFile`, decodes
 * `/FlateDecode` (the only filter the profiles use in practice) with an output limit, and returns the
 * first one that is an XML invoice (UBL or CII root). Anything else returns null.
 */
import zlib from 'node:zlib';

const KNOWN_ROOTS = /<(?:[\w-]+:)?(CrossIndustryInvoice|Invoice|CreditNote)[\s>]/;

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).toString('latin1').includes('%PDF-');
}

export function extractEmbeddedInvoice(pdf: Buffer, maxBytes: number): Buffer | null {
  const text = pdf.toString('latin1');
  const found: Buffer[] = [];
  let from = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const s = text.indexOf('stream', from);
    if (s < 0) break;
    from = s + 6;
    if (text.slice(s - 3, s) === 'end') continue; // "endstream"
    const dictStart = text.lastIndexOf('obj', s);
    if (dictStart < 0) continue;
    const dict = text.slice(dictStart, s);
    if (!/\/Type\s*\/EmbeddedFile\b/.test(dict)) continue;
    let start = s + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    let data = pdf.subarray(start, end);
    if (/\/Filter\s*(\[\s*)?\/FlateDecode/.test(dict)) {
      try {
        data = zlib.inflateSync(data, { maxOutputLength: maxBytes });
      } catch {
        try {
          data = zlib.inflateSync(data.subarray(0, Math.max(0, data.length - 2)), { maxOutputLength: maxBytes });
        } catch {
          continue;
        }
      }
    } else if (/\/Filter/.test(dict)) continue;
    else data = trimEol(data); // the end-of-line before "endstream" is not part of an unfiltered stream
    found.push(data);
    from = end + 9;
  }
  for (const f of found) {
    const head = f.subarray(0, 4096).toString('utf8');
    if (KNOWN_ROOTS.test(head)) return f;
  }
  return null;
}

function trimEol(b: Buffer): Buffer {
  let end = b.length;
  if (end > 0 && b[end - 1] === 0x0a) end--;
  if (end > 0 && b[end - 1] === 0x0d) end--;
  return b.subarray(0, end);
}
