/**
 * renderPdf(model, options) → the standardised PDF of an invoice or credit note, as bytes.
 *
 * Laid out directly (layout.ts) with the fonts read once per process (font.ts) and written by pdfkit
 * (writer.ts) as PDF/A-3b, with the received XML attached when `source` is given. One small module per
 * section (sections/); the model is read through its typed group aliases after one defensive copy
 * (model.ts). Same model and options → same bytes.
 */
import type { Anomaly, CanonicalInvoice } from '../../model/canonical';
import { cleanText } from '../format';
import { CONTENT_WIDTH, Ctx, MARGIN } from './context';
import { Canvas, DocumentFonts, Flow, PAGE_HEIGHT } from './layout';
import { saneOptions, saneTerms } from './model';
import type { RenderOptions, SourceFile } from './options';
import { allowancesSection } from './sections/allowances';
import { attachmentsSection } from './sections/attachments';
import { deliverySection } from './sections/delivery';
import { linesSection } from './sections/lines';
import { notesSection } from './sections/notes';
import { pageFurniture } from './sections/page';
import { partiesSection } from './sections/parties';
import { paymentSection } from './sections/payment';
import { referencesSection } from './sections/references';
import { titleOf, titleSection } from './sections/title';
import { totalsSection } from './sections/totals';
import { validationSection } from './sections/validation';
import { vatSection } from './sections/vat';
import { writePdf } from './writer';

export type { DeliveredTo, RenderOptions, RenderValidation, SourceFile } from './options';
export { DEFAULT_MAX_LINES } from './options';

export interface RenderResult {
  pdf: Buffer;
  pages: number;
}

/** The sections in the order of the document (the validation section comes last). */
const SECTIONS = [titleSection, partiesSection, deliverySection, referencesSection, notesSection, linesSection, allowancesSection, vatSection, totalsSection, paymentSection, attachmentsSection];

function anomaliesOf(model: CanonicalInvoice): Anomaly[] {
  const list: unknown = model.anomalies;
  if (!Array.isArray(list)) return [];
  return list.filter((a): a is Anomaly => typeof a === 'object' && a !== null && typeof (a as Anomaly).term === 'string' && typeof (a as Anomaly).message === 'string' && typeof (a as Anomaly).location === 'string');
}

function sourceOf(opts: RenderOptions): SourceFile | null {
  const s = opts.source;
  if (!s || !Buffer.isBuffer(s.bytes) || typeof s.filename !== 'string') return null;
  const filename = cleanText(s.filename, 200).replace(/[\\/\ufffd]/g, '_') || 'invoice.xml';
  const mediaType = typeof s.mediaType === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(s.mediaType) ? s.mediaType : 'application/xml';
  return { bytes: s.bytes, filename, mediaType, description: typeof s.description === 'string' ? cleanText(s.description, 200) : undefined };
}

/** The standardised PDF with its page count. */
export async function renderPdfWithInfo(model: CanonicalInvoice, options: RenderOptions = {}): Promise<RenderResult> {
  const opts = saneOptions(options);
  const m = (typeof model === 'object' && model !== null ? model : {}) as CanonicalInvoice;
  const terms = saneTerms(m);
  const ctx = new Ctx(terms, m.syntax === 'cii' ? 'cii' : 'ubl', m.kind === 'credit-note' ? 'credit-note' : 'invoice', anomaliesOf(m), opts);
  const source = sourceOf(opts);
  const fonts = new DocumentFonts();
  const flow = new Flow(fonts, { left: MARGIN.left, top: MARGIN.top, bottom: PAGE_HEIGHT - MARGIN.bottom, width: CONTENT_WIDTH });
  for (const section of SECTIONS) section(ctx, flow);
  validationSection(ctx, flow, source);
  const pages = flow.finish();
  const furnitures = pages.map((_, i) => {
    const c = new Canvas(fonts);
    pageFurniture(ctx, c, i + 1, pages.length);
    return c;
  });
  const receivedAt = opts.receivedAt !== undefined ? Date.parse(opts.receivedAt) : NaN;
  const number = cleanText(terms['BT-1'] ?? '', 200);
  const pdf = await writePdf(pages, furnitures, fonts, {
    title: `${titleOf(ctx)} ${number}`.trim(),
    author: 'e-Invoicing Hub',
    subject: opts.documentId ? cleanText(opts.documentId, 200) : 'standardised invoice view',
    creator: 'e-Invoicing Hub',
    producer: 'e-Invoicing Hub (pdfkit)',
    date: new Date(Number.isNaN(receivedAt) ? 0 : Math.floor(receivedAt / 1000) * 1000),
    lang: ctx.lang,
  }, source);
  return { pdf, pages: pages.length };
}

/** The standardised PDF of an invoice or credit note. */
export async function renderPdf(model: CanonicalInvoice, opts: RenderOptions = {}): Promise<Buffer> {
  return (await renderPdfWithInfo(model, opts)).pdf;
}
