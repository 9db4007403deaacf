/** Helpers of the Peppol reporting tests: documents in an SBDH of any type, the Peppol hand-off over HTTP, the access point's outbox calls, ledger reads. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../../core/store';
import { ledgerRowsBetween, type LedgerDbRow, type NewLedgerDbRow } from '../../db/repositories/reporting';
import { EXAMPLES } from '../pipeline/helpers';

export const DT = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
  mls: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:peppol:edec:mls:1.0::2.1',
  invoiceResponse: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##urn:fdc:peppol.eu:poacc:trns:invoice_response:3::2.1',
  tsr: 'urn:fdc:peppol:transaction-statistics-report:1.0::TransactionStatisticsReport##urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0::1.0',
  eusr: 'urn:fdc:peppol:end-user-statistics-report:1.1::EndUserStatisticsReport##urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1::1.1',
};

export const PR = {
  billing: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
  mls: 'urn:peppol:edec:mls',
  invoiceResponse: 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3',
  reporting: 'urn:fdc:peppol.eu:edec:bis:reporting:1.0',
};

const CREDIT_NOTE = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-creditnote-correction.xml'), 'utf8');

/** The Peppol BIS credit note example with its number (BT-1) replaced. */
export function creditNote(number: string): Buffer {
  return Buffer.from(CREDIT_NOTE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`), 'utf8');
}

/** A business document in a Peppol SBDH (envelope 2.0): document type and process with their schemes, C1 country when given. */
export function envelope(payload: Buffer, o: { receiver: string; sender?: string; instanceId?: string; docType?: string; country?: string | null; type?: 'Invoice' | 'CreditNote' }): Buffer {
  const body = payload.toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const type = o.type ?? 'Invoice';
  const country = o.country === undefined ? 'BE' : o.country;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">${o.sender ?? '0088:9482348239847239874'}</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">${o.receiver}</Identifier></Receiver>
    <DocumentIdentification>
      <Standard>urn:oasis:names:specification:ubl:schema:xsd:${type}-2</Standard>
      <TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>${o.instanceId ?? crypto.randomUUID()}</InstanceIdentifier>
      <Type>${type}</Type>
      <CreationDateAndTime>2026-11-01T10:00:00Z</CreationDateAndTime>
    </DocumentIdentification>
    <BusinessScope>
      <Scope><Type>DOCUMENTID</Type><InstanceIdentifier>${o.docType ?? (type === 'Invoice' ? DT.invoice : DT.creditNote)}</InstanceIdentifier><Identifier>busdox-docid-qns</Identifier></Scope>
      <Scope><Type>PROCESSID</Type><InstanceIdentifier>${PR.billing}</InstanceIdentifier><Identifier>cenbii-procid-ubl</Identifier></Scope>
${country === null ? '' : `      <Scope><Type>COUNTRY_C1</Type><InstanceIdentifier>${country}</InstanceIdentifier></Scope>\n`}    </BusinessScope>
  </StandardBusinessDocumentHeader>
  ${body}
</StandardBusinessDocument>
`, 'utf8');
}

/** The Peppol hand-off of the hub's access point: POST /peppol/v1/inbound with the AS4 headers; the document id. */
export async function handOff(url: string, token: string, bytes: Buffer, as4: string, ap: string): Promise<{ status: number; id: string }> {
  const res = await fetch(`${url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(bytes),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml', 'x-as4-message-id': as4, 'x-peppol-sending-ap': ap },
  });
  const json = (await res.json()) as { id?: string };
  return { status: res.status, id: json.id ?? '' };
}

export interface OutboxItem {
  id: string;
  kind: string;
  documentId: string | null;
  receiverAp: string | null;
  referenceId: string | null;
  checkedWith: string;
  sbdh: { senderId: string; receiverId: string; documentTypeId: string; processId: string; c1Country: string | null };
  href: string;
  xml: string;
}

/** The access point lists the pending outbox (optionally of one kind). */
export async function outbox(url: string, token: string, kind?: string): Promise<OutboxItem[]> {
  const res = await fetch(`${url}/peppol/v1/outbox${kind === undefined ? '' : `?kind=${kind}`}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`outbox: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: OutboxItem[] }).items;
}

/** The access point acknowledges an entry as sent (with what it knows of the AS4 message, when given). */
export async function ack(url: string, token: string, id: string, body?: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/peppol/v1/outbox/${id}/ack`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The ledger rows of a month (table rows, in time order). */
export async function ledgerOf(store: Store, month: string): Promise<LedgerDbRow[]> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return ledgerRowsBetween(store.db, new Date(Date.UTC(y, m - 1, 1)).toISOString(), new Date(Date.UTC(y, m, 1)).toISOString());
}

/** A report's figures as `type [keys] → counts` lines, for order-free comparison with the counts stated by hand. */
export function lines(f: { subtotals?: { type: string; keys: { metaSchemeID: string; schemeID: string; value: string }[]; incoming: number; outgoing: number }[]; subsets?: { type: string; keys: { metaSchemeID: string; schemeID: string; value: string }[]; sending: number; receiving: number; sendingOrReceiving: number }[] }): string[] {
  const k = (keys: { metaSchemeID: string; schemeID: string; value: string }[]): string => keys.map((x) => `${x.metaSchemeID}/${x.schemeID}=${x.value}`).join(' ');
  if (f.subtotals !== undefined) return f.subtotals.map((s) => `${s.type} ${k(s.keys)} → ${s.incoming}/${s.outgoing}`).sort();
  return (f.subsets ?? []).map((s) => `${s.type} ${k(s.keys)} → ${s.sending}/${s.receiving}/${s.sendingOrReceiving}`).sort();
}

/** A ledger row of the table, with the defaults of a received invoice (for tests that seed the ledger directly). */
export function ledgerRow(o: Partial<NewLedgerDbRow> & { as4MessageId: string; exchangedAt: string }): NewLedgerDbRow {
  return {
    id: crypto.randomUUID(), direction: 'received', acknowledged: true, c2SeatId: 'PBE000001', c3SeatId: 'PLU000000',
    documentTypeScheme: 'busdox-docid-qns', documentTypeValue: DT.invoice, processScheme: 'cenbii-procid-ubl', processValue: PR.billing, identifiersFrom: 'sbdh',
    transportProtocol: 'peppol-transport-as4-v2_0', c1Country: 'BE', c4Country: 'LU', hubParticipantId: '9938:LU11111111', endUserId: 'min-a', endUserFrom: 'directory',
    documentId: null, outboxId: null, outboxKind: null, recordedAt: o.exchangedAt, ...o,
  };
}
