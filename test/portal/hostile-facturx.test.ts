/**
 * Hostile XML inside a Factur-X PDF: every hostile XML input of test/services/hostile-inputs.ts embedded
 * as the PDF's `factur-x.xml` (a PDF/A-3-style associated file, Flate-compressed, made by
 * test/portal/pdf-builder.ts) and uploaded to the supplier portal (`/portal/upload`), over real HTTP.
 * The portal reads only an embedded file whose content starts like a UBL or CII invoice: a DOCTYPE, a
 * UTF-16 file or a NUL byte before the root is not one, so the PDF is refused on the upload page
 * (400, "no embedded XML invoice"); anything else is extracted, checked with the pipeline's validator
 * and shown with its findings on a review page from which it cannot be sent. Never a 500 or a hang,
 * and no document stored. The upload API and the Peppol hand-off take XML only: the same PDFs are
 * refused there with a 4xx problem (415 as `application/pdf`, 400 `not-xml` otherwise), nothing
 * stored. Counts in docs/RELIABILITY.md.
 */
import { documentCount as countDocuments } from '../helpers/store';
import { HOSTILE_XML } from '../services/hostile-inputs';
import { Client, pageText, startPortalHub, upload, type PortalHub } from './helpers';
import { buildPdf } from './pdf-builder';

jest.setTimeout(300_000);
/** Longest a single upload may take: the check runs in the CPU pool, a hang would exceed it by far. */
const MAX_MS = 60_000;

let hub: PortalHub;
beforeAll(async () => {
  hub = await startPortalHub('hostile-facturx');
  hub.server.keepAliveTimeout = 120_000;
});
afterAll(async () => { await hub.stop(); });

const documentCount = (): Promise<number> => countDocuments(hub.store);

/** Embedded files the portal does not take for an invoice: the PDF is refused on the upload page. */
const REFUSED = new Set([
  'DOCTYPE with nested entities (billion laughs)', 'external entity (file:///etc/passwd)', 'external parameter entity (http://127.0.0.1:9/x.dtd)',
  'UTF-16LE with BOM', 'UTF-16BE with BOM', 'UTF-16LE without BOM', 'NUL byte before the root element',
]);
/** A valid invoice (the hostile value is its length). */
const VALID = new Set(['invoice number of 100,000 characters']);

const facturX = (xml: Buffer): Buffer => buildPdf({ files: [{ name: 'factur-x.xml', data: xml, relationship: 'Alternative' }] });
const counts = { tried: 0, refused: 0, rejected: 0, valid: 0, apiTried: 0, apiRefused: 0 };

test.each(HOSTILE_XML.map((h, i) => [h.name, i] as const))('Factur-X PDF embedding: %s', async (name, i) => {
  const pdf = facturX(HOSTILE_XML[i]!.bytes());
  const c = new Client(hub.url, 'en');
  const before = await documentCount();
  const t0 = Date.now();
  const r = await upload(c, pdf, 'facture.pdf');
  expect([name, Date.now() - t0 < MAX_MS]).toEqual([name, true]);
  counts.tried++;
  expect([name, r.status]).not.toEqual([name, 500]);
  if (REFUSED.has(name)) {
    expect([name, r.status]).toEqual([name, 400]);
    expect(r.html).toContain('class="field-error"');
    expect(pageText(r.html)).toContain('no embedded XML invoice');
    counts.refused++;
  } else {
    expect([name, r.status]).toEqual([name, 303]);
    const review = await c.follow(r);
    expect(review.status).toBe(200);
    expect(review.html).toContain('extracted from the Factur-X');
    if (VALID.has(name)) {
      counts.valid++;
    } else {
      // the findings are shown, and the document cannot be sent
      expect(pageText(review.html)).toMatch(/fatal|error/i);
      await c.get('/portal/upload'); // a page with a CSRF token (the review of an invalid file has no send form)
      const sent = await c.post(`${r.location as string}/send`, new URLSearchParams({ _csrf: c.csrf(), confirm: 'yes' }));
      expect([name, sent.status >= 400 && sent.status < 500]).toEqual([name, true]);
      counts.rejected++;
    }
  }
  expect(await documentCount()).toBe(before);
});

test('the same PDFs on the upload API and the hand-off: a 4xx problem each, nothing stored', async () => {
  const auth = { authorization: 'Bearer admin-secret' };
  const before = await documentCount();
  let n = 0;
  for (const h of HOSTILE_XML) {
    const pdf = facturX(h.bytes());
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'facture.pdf');
    const tries: [string, () => Promise<Response>][] = [
      ['api application/pdf', () => fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: { ...auth, 'content-type': 'application/pdf' } })],
      ['api application/xml', () => fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: { ...auth, 'content-type': 'application/xml' } })],
      ['api multipart', () => fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: fd, headers: auth })],
      ['hand-off', () => fetch(`${hub.url}/peppol/v1/inbound`, {
        method: 'POST', body: new Uint8Array(pdf),
        headers: { ...auth, 'content-type': 'application/xml', 'x-as4-message-id': `facturx-${++n}@ap.test`, 'x-peppol-sending-ap': 'PBE000123' },
      })],
    ];
    for (const [path, send] of tries) {
      const res = await send();
      const body = (await res.json()) as { type?: string };
      counts.apiTried++;
      expect([h.name, path, res.status]).toEqual([h.name, path, path === 'api application/pdf' ? 415 : 400]);
      expect([h.name, path, body.type]).toEqual([h.name, path, expect.stringMatching(/^\/problems\//)]);
      counts.apiRefused++;
    }
  }
  expect(await documentCount()).toBe(before);
  expect(counts.tried).toBe(HOSTILE_XML.length);
  process.stdout.write(`hostile Factur-X: ${counts.tried} PDFs tried on the portal upload, ${counts.refused} refused on the upload page, ${counts.rejected} shown with findings and not sendable, ${counts.valid} valid; `
    + `${counts.apiTried} tried on the upload API and the hand-off, ${counts.apiRefused} refused (4xx); 0 stored, 0 errors\n`);
});
