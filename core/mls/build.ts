/**
 * Builds a Peppol Message Level Status (MLS 1.0) response: a UBL 2.1 ApplicationResponse with
 * CustomizationID `urn:peppol:edec:mls:1.0`, sender and receiver as SPIS participant ids (scheme
 * 0242, the 6 digits of the providers' seat ids), one DocumentReference to the original message
 * (its SBDH instance identifier), and for a rejection (RE) one LineResponse per fatal finding:
 * location (the finding's XPath, `NA` for the whole document), `[rule id] message`, and the status
 * reason (SV for syntax / schema violations, BV for business rules, BW for warnings).
 *
 * Pure function of its input: the caller validates the result against the official MLS rules
 * before anything leaves the hub.
 */
import type { Finding } from '../../validation/types';
import { xmlChars, xmlText } from '../../lib/xml-escape';

export type MlsResponseCode = 'RE' | 'AP' | 'AB';
export type MlsReason = 'SV' | 'BV' | 'BW' | 'FD';

export interface MlsLine {
  /** XPath of the issue in the original, or `NA`. */
  location: string;
  description: string;
  reason: MlsReason;
}

export interface MlsInput {
  /** Response id (unique per response). */
  id: string;
  issuedAt: Date;
  /** Seat id of the hub's access point (e.g. `PLU000000`). */
  senderSeat: string;
  /** Seat id of the access point that sent the original. */
  receiverSeat: string;
  /** SBDH instance identifier of the original message. */
  referenceId: string;
  code: MlsResponseCode;
  /** Overall text (required for RE). */
  description?: string;
  lines: MlsLine[];
}

/** The SPIS participant id of a seat id: its 6 digits (`PLU000123` → `000123`). */
export function spisOf(seat: string): string {
  const m = /^P[A-Z]{2}([0-9]{6})$/i.exec(seat.trim());
  if (m?.[1] === undefined) throw new Error(`"${seat}" is not a Peppol seat id`);
  return m[1];
}

/** XML 1.0 text: characters XML cannot carry are dropped, markup characters escaped. */
const text = (s: string): string => xmlText(xmlChars(s));

/** Descriptions stay readable and bounded (a rule message can quote a whole element). */
function clip(s: string, max = 1000): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** One MLS line per finding: fatal findings always; warnings only when asked. */
export function linesFromFindings(findings: readonly Finding[], opts: { warnings?: boolean } = {}): MlsLine[] {
  const out: MlsLine[] = [];
  for (const f of findings) {
    if (f.flag !== 'fatal' && !(opts.warnings === true && f.flag === 'warning')) continue;
    const reason: MlsReason = f.flag !== 'fatal' ? 'BW' : f.source === 'syntax' || f.source === 'xsd' ? 'SV' : 'BV';
    const loc = f.location.trim();
    const message = clip(f.message) || 'No message';
    out.push({
      location: loc === '' || loc === '/' ? 'NA' : clip(loc, 2000),
      // the rule id in brackets first, as Peppol's own examples do
      description: message.startsWith(`[${f.ruleId}]`) ? message : `[${f.ruleId}] ${message}`,
      reason,
    });
  }
  return out;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function isoTime(d: Date): string {
  return `${d.toISOString().slice(11, 19)}Z`;
}

export function buildMls(m: MlsInput): Buffer {
  if (m.code === 'RE' && !m.lines.some((l) => l.reason !== 'BW')) throw new Error('a rejection needs at least one failure line');
  if (m.code !== 'RE' && m.lines.some((l) => l.reason !== 'BW')) throw new Error('a positive response cannot carry failure lines');
  const description = m.description ?? (m.code === 'RE' ? 'Rejected due to validation errors' : undefined);
  const lines = m.lines.map((l) => `
    <cac:LineResponse>
      <cac:LineReference>
        <cbc:LineID>${text(l.location)}</cbc:LineID>
      </cac:LineReference>
      <cac:Response>
        <cbc:Description>${text(l.description)}</cbc:Description>
        <cac:Status>
          <cbc:StatusReasonCode>${l.reason}</cbc:StatusReasonCode>
        </cac:Status>
      </cac:Response>
    </cac:LineResponse>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
                     xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                     xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:peppol:edec:mls:1.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:peppol:edec:mls</cbc:ProfileID>
  <cbc:ID>${text(m.id)}</cbc:ID>
  <cbc:IssueDate>${isoDate(m.issuedAt)}</cbc:IssueDate>
  <cbc:IssueTime>${isoTime(m.issuedAt)}</cbc:IssueTime>
  <cac:SenderParty>
    <cbc:EndpointID schemeID="0242">${spisOf(m.senderSeat)}</cbc:EndpointID>
  </cac:SenderParty>
  <cac:ReceiverParty>
    <cbc:EndpointID schemeID="0242">${spisOf(m.receiverSeat)}</cbc:EndpointID>
  </cac:ReceiverParty>
  <cac:DocumentResponse>
    <cac:Response>
      <cbc:ResponseCode>${m.code}</cbc:ResponseCode>${description !== undefined ? `
      <cbc:Description>${text(clip(description))}</cbc:Description>` : ''}
    </cac:Response>
    <cac:DocumentReference>
      <cbc:ID>${text(m.referenceId)}</cbc:ID>
    </cac:DocumentReference>${lines}
  </cac:DocumentResponse>
</ApplicationResponse>
`;
  return Buffer.from(xml, 'utf8');
}
