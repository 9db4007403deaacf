/**
 * The parties of an Invoice Response the hub sends for a body: the sender is the body (its Peppol
 * participant identifier from the directory — the one the invoice was addressed to when the body holds
 * it, else its first Peppol identifier, else its parent's for an accounting unit without one — and its
 * name), the receiver the invoice's seller (BT-34, BT-27). Also the Luxembourg date and time of the
 * response, and the SBDH identifiers of Peppol BIS Invoice Response 3.1.
 */
import { directoryView } from '../directory/view';
import { nameOn, validOn } from '../directory/directory-index';
import type { Store } from '../store';
import type { SbdhMeta } from '../outbox';
import { INVOICE_RESPONSE_CUSTOMIZATION_ID, INVOICE_RESPONSE_PROFILE_ID, type ResponseParty } from './build';

/** Document type identifier (scheme busdox-docid-qns) of a T111 Invoice Response: root namespace::root##customization::UBL version. */
export const INVOICE_RESPONSE_DOCUMENT_TYPE_ID = `urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##${INVOICE_RESPONSE_CUSTOMIZATION_ID}::2.1`;
/** Process identifier: the ProfileID of the specification. */
export const INVOICE_RESPONSE_PROCESS_ID = INVOICE_RESPONSE_PROFILE_ID;

/** The SBDH of an Invoice Response from a body to a seller. */
export function invoiceResponseSbdh(senderId: string, receiverId: string): SbdhMeta {
  return { senderId, receiverId, documentTypeId: INVOICE_RESPONSE_DOCUMENT_TYPE_ID, processId: INVOICE_RESPONSE_PROCESS_ID, c1Country: 'LU' };
}

const strip = (id: string): string => id.replace(/^iso6523-actorid-upis::/, '');

/** The Peppol identifiers (`scheme:value`) of a body valid on `date`, its parents' after it when it has none (accounting units). */
export async function peppolIdsOf(store: Pick<Store, 'db'>, bodyId: string, date: string): Promise<string[]> {
  const index = (await directoryView(store)).index;
  let id: string | null = bodyId;
  for (let depth = 0; id !== null && depth < 20; depth++) {
    const b = index.bodies.get(id);
    if (b === undefined) return [];
    const ids = b.identifiers.filter((i) => i.purpose === 'peppol' && validOn(i, date)).map((i) => `${i.scheme}:${i.value}`);
    if (ids.length > 0) return ids;
    id = b.type === 'accounting-unit' ? b.parentId : null;
  }
  return [];
}

/** The body as the sender of a response, or null when it has no Peppol identifier (nor its parent). */
export async function senderParty(store: Pick<Store, 'db'>, bodyId: string, addressedTo: string | null, date: string): Promise<ResponseParty | null> {
  const ids = await peppolIdsOf(store, bodyId, date);
  if (ids.length === 0) return null;
  const wanted = addressedTo === null ? undefined : ids.find((i) => i.toLowerCase() === strip(addressedTo).toLowerCase());
  const b = (await directoryView(store)).index.bodies.get(bodyId);
  return { endpoint: wanted ?? ids[0]!, name: b === undefined ? bodyId : nameOn(b, date, 'fr') };
}

const LUX = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Luxembourg', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** Date and time in Luxembourg (`2026-12-03`, `10:15:00`): the issue date and time of a response. */
export function luxDateTime(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(LUX.formatToParts(at).map((x) => [x.type, x.value])) as Record<string, string>;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

/** A body's name on a date in a language (French when it has none in that language), or its id when unknown. */
export async function bodyNameIn(store: Pick<Store, 'db'>, bodyId: string, date: string, lang: string): Promise<string> {
  const b = (await directoryView(store)).index.bodies.get(bodyId);
  return b === undefined ? bodyId : nameOn(b, date, lang);
}
