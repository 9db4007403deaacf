/**
 * A complete Invoice Response the body's ERP already produces (`Content-Type: application/xml`):
 * validated by the hub's engine (UBL ApplicationResponse schema + T111), checked to reference that very
 * document (number, issue date, type, addressed to its seller's BT-34) and to come from the body (its
 * SenderParty endpoint is one of the body's Peppol identifiers), then set as the status like a JSON
 * request — the XML is the response that is sent. Every refusal is a 422 with the findings; a document
 * that is not an ApplicationResponse at all is a 400.
 */
import { readInvoice } from '../../model';
import type { Viewer } from '../documents/inbox';
import { CoreError } from '../errors';
import { fromInvoice } from './build';
import { luxDateTime, peppolIdsOf } from './party';
import { checkReference, parseInvoiceResponse, XmlInputError } from './parse';
import { idempotencyKeyOf } from './request';
import { setStatus, statusContext, type ResponseDeps, type SetStatusResult } from './status';

const refused = (slug: string, title: string, findings: { ruleId: string; message: string; flag?: string }[]): CoreError =>
  new CoreError('unprocessable', slug, `${title} (${findings[0]?.ruleId ?? '-'})`, findings.map((f) => `${f.ruleId}: ${f.message}`).join(' ').slice(0, 2000), { findings });

/** Sets the status an ERP's own Invoice Response carries; see the module's comment. */
export async function setStatusFromXml(deps: ResponseDeps, viewer: Viewer, documentId: string, xml: Buffer, header: string | undefined): Promise<SetStatusResult> {
  const ctx = await statusContext(deps.store, viewer, documentId);
  let parsed;
  try {
    parsed = parseInvoiceResponse(xml);
  } catch (err) {
    if (err instanceof XmlInputError) throw new CoreError('invalid', 'not-an-invoice-response', 'Not an Invoice Response', `The body is not a UBL ApplicationResponse: ${err.message}`);
    throw err;
  }
  const report = await deps.validate(xml, { scenario: 'peppol-invoice-response', date: luxDateTime(deps.clock()).date });
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  if (!report.valid || fatal.length > 0) throw refused('response-invalid', 'The Invoice Response does not pass the XML Schema and T111', fatal);
  const ref = fromInvoice(readInvoice(await deps.store.blobs.get(ctx.doc.payloadSha256)));
  const endpoint = ref.receiver.endpoint;
  const problems = checkReference(parsed, { ...ref.invoice, sellerEndpoint: typeof endpoint === 'string' ? undefined : endpoint });
  if (problems.length > 0) throw refused('response-reference', 'The Invoice Response does not reference this document', problems);
  const s = parsed.sender.endpoint;
  const sender = typeof s === 'string' ? s : `${s.scheme}:${s.value}`;
  const ids = await peppolIdsOf(deps.store, ctx.item.bodyId, luxDateTime(deps.clock()).date);
  if (!ids.some((i) => i.toLowerCase() === sender.toLowerCase())) {
    throw refused('response-sender', 'The Invoice Response does not come from this body', [{ ruleId: 'HUB-IR-SENDER', message: `The sender ${sender} is not a Peppol identifier of ${ctx.item.bodyId} (${ids.join(', ') || 'none in the directory'}).` }]);
  }
  return setStatus(deps, {
    viewer, documentId, request: parsed.status, via: 'api-xml', idempotencyKey: idempotencyKeyOf(header, xml),
    own: { xml, checkedWith: report.packs.map((p) => `${p.id}@${p.version}`).join(',') || 'peppol-invoice-response' },
  });
}
