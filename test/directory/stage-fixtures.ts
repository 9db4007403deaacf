/** Shared by the route stage tests: UBL documents with routing fields, stage deps without CPU work, documents inserted as the route stage finds them. */
import crypto from 'node:crypto';
import pino from 'pino';
import { eventsOf } from '../../core/documents/store';
import { insertDocument } from '../../db/repositories/documents';
import type { Store } from '../../db/store';
import type { CpuWork, StageDeps } from '../../workers/stage-contract';

export function ubl(opts: { root?: 'Invoice' | 'CreditNote'; endpoint?: [string, string]; legal?: string; vat?: string; ids?: string[]; buyerRef?: string; order?: string }): string {
  const root = opts.root ?? 'Invoice';
  const ns = root === 'Invoice' ? 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' : 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-1</cbc:ID>
  ${opts.buyerRef ? `<cbc:BuyerReference>${opts.buyerRef}</cbc:BuyerReference>` : ''}
  ${opts.order ? `<cac:OrderReference><cbc:ID>${opts.order}</cbc:ID></cac:OrderReference>` : ''}
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="9938">LU99999999</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    ${opts.endpoint ? `<cbc:EndpointID schemeID="${opts.endpoint[0]}">${opts.endpoint[1]}</cbc:EndpointID>` : ''}
    ${(opts.ids ?? []).map((i) => `<cac:PartyIdentification><cbc:ID>${i}</cbc:ID></cac:PartyIdentification>`).join('')}
    ${opts.vat ? `<cac:PartyTaxScheme><cbc:CompanyID>${opts.vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` : ''}
    ${opts.legal ? `<cac:PartyLegalEntity><cbc:RegistrationName>X</cbc:RegistrationName><cbc:CompanyID schemeID="0240">${opts.legal}</cbc:CompanyID></cac:PartyLegalEntity>` : ''}
  </cac:Party></cac:AccountingCustomerParty>
</${root}>`;
}

/** The route stage needs no CPU work. */
const noCpu: CpuWork = {
  validate: () => Promise.reject(new Error('the route stage does not validate')),
  render: () => Promise.reject(new Error('the route stage does not render')),
};

export function depsOf(store: Store): StageDeps {
  return { store, cpu: noCpu, logger: pino({ level: 'silent' }), clock: () => new Date('2026-03-01T10:00:00Z') };
}

let n = 0;

/** A validated document with these bytes (stored unless `storeBytes` is false). */
export async function addDocument(store: Store, xml: string, opts: { receiverId?: string; receivedAt?: string; state?: string; storeBytes?: boolean } = {}): Promise<string> {
  const bytes = Buffer.from(xml, 'utf8');
  const sha = opts.storeBytes === false ? crypto.createHash('sha256').update(bytes).digest('hex') : await store.blobs.put(bytes);
  const id = `doc-${++n}`;
  const at = opts.receivedAt ?? '2026-03-01T09:00:00.000Z';
  await insertDocument(store.db, {
    id, state: opts.state ?? 'validated', version: 2, channel: 'peppol', receivedAt: at, updatedAt: at, submittedBy: 'test',
    originalSha256: sha, payloadSha256: sha, sizeBytes: bytes.length, receiverId: opts.receiverId ?? null,
  });
  return id;
}

export async function lastEvent(store: Store, id: string): Promise<{ type: string; toState: string; actor: string; details: Record<string, unknown> }> {
  const e = (await eventsOf(store, id)).pop()!;
  return { type: e.type, toState: e.toState, actor: e.actor, details: e.details as Record<string, unknown> };
}
