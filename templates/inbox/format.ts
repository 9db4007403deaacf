/**
 * Numbers, amounts, dates and times of the web inbox in the page language, reusing the portal's and
 * the console's formatting (FR `1 075,85 EUR`, DE `1.075,85 EUR`, EN `1,075.85 EUR`; dates
 * 31/12/2026, 31.12.2026, 31 Dec 2026; instants in Luxembourg time, labelled), and the type of a
 * document in words with the sign of its amount (a credit note's amount is negative).
 */
import { documentTypeOf } from '../../model/codes';
import type { Lang } from '../../web';
import { docTypeLabel } from '../console/format';
import { colon, date, luxTime as portalLuxTime, money, signedMoney } from '../portal/format';

export { colon, date, money };

/** An instant as day and time in Luxembourg, labelled (`05/01/2026 11:00:00 (heure de Luxembourg)`); `–` when absent. */
export function luxTime(iso: string | null | undefined, lang: Lang): string {
  return iso === null || iso === undefined ? '–' : portalLuxTime(iso, lang);
}

/** What the inbox knows of a document's type: the UNTDID 1001 code (BT-3) and the kind of the model. */
export interface DocType { typeCode: string | null; kind: 'invoice' | 'credit-note' | null }

export const isCreditNote = (d: DocType): boolean => documentTypeOf(d.typeCode, d.kind).kind === 'credit-note';

/** `Avoir (381)`, `Rechnung (380)`: the type column of a list. */
export function typeLabel(d: DocType, lang: Lang): string {
  return docTypeLabel(d.kind, d.typeCode, lang);
}

/** `Avoir`, `Gutschrift`: the type in a title. */
export function typeName(d: DocType, lang: Lang): string {
  return documentTypeOf(d.typeCode, d.kind).names[lang];
}

/** An amount with its currency and the sign of the document (a credit note's amount counts against the seller: `−1 656,25 EUR`). */
export function signedAmount(raw: string | null | undefined, currency: string | null | undefined, d: DocType, lang: Lang): string {
  return signedMoney(raw, currency, isCreditNote(d), lang);
}
