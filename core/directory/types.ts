/**
 * The directory's domain shapes: what the API takes and returns, what CSV rows become, what the
 * change events store as before/after. Dates are ISO `YYYY-MM-DD` strings (compared as strings).
 */

export const BODY_TYPES = [
  'ministry',
  'administration',
  'commune',
  'public-establishment',
  'accounting-unit',
  'school',
  'syndicate',
  'social-office',
  'institution',
  'other',
] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export const LANGUAGES = ['fr', 'de', 'en', 'lb'] as const;
export type Language = (typeof LANGUAGES)[number];

export const IDENTIFIER_PURPOSES = ['peppol', 'legal', 'vat', 'other'] as const;
export type IdentifierPurpose = (typeof IDENTIFIER_PURPOSES)[number];

/** The references a body may require on its invoices. */
export const REFERENCE_FIELDS = ['BT-10', 'BT-13'] as const;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];

export type BodyStatus = 'active' | 'retired';

export interface IdentifierInput {
  scheme: string;
  value: string;
  purpose: IdentifierPurpose;
}

export interface SuccessorInput {
  id: string;
  /** Where documents go when the retired body has several successors (a split). */
  primary: boolean;
}

export interface RoutingRuleInput {
  field: ReferenceField;
  /** Case-insensitive wildcard: `*` any run of characters, `?` one character. */
  pattern: string;
  department: string;
}

export interface ContactInput {
  role: string;
  name?: string;
  email?: string;
  phone?: string;
}

/** A body as written by the API / CSV import and stored in change events (current state, no history). */
export interface BodyInput {
  id: string;
  type: BodyType;
  parentId: string | null;
  status: BodyStatus;
  /** Official names; `fr` and `de` are required. */
  names: { fr: string; de: string; en?: string; lb?: string };
  shortName?: string;
  validFrom: string;
  /** Set when retired: the first day the body no longer exists. */
  validTo: string | null;
  language: Language;
  identifiers: IdentifierInput[];
  successors: SuccessorInput[];
  requiredReferences: ReferenceField[];
  /** In priority order: the first matching rule selects the department. */
  routingRules: RoutingRuleInput[];
  contacts: ContactInput[];
}

/** A problem with a body as written: field path and message (CSV import adds the row). */
export interface BodyError {
  field: string;
  message: string;
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
