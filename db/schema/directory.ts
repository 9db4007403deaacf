/**
 * The directory of public-sector bodies: bodies and, effective-dated, their names,
 * identifiers, successors, routing rules, required references and contacts, plus the audited
 * change events (who, when, effective from, before/after).
 *
 * Effective dating: every child row holds `validFrom` (inclusive) and `validTo` (exclusive, null =
 * open-ended), as ISO dates (YYYY-MM-DD). An edit never updates a child row in place: it closes
 * the old row (`validTo` = the change's effective date) and inserts the new one, so the directory
 * as it stood on any date can be read back (documents are routed as of their reception date).
 * The `bodies` row itself holds the current values; its history is in `directory_events`.
 */
import { bigint, boolean, date, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const bodies = pgTable(
  'bodies',
  {
    /** Stable directory id (e.g. `min-finances`, `commune-wiltz`); used in URLs and `documents.resolved_body_id`. */
    id: text('id').primaryKey(),
    /** `ministry`, `administration`, `commune`, `public-establishment`, `accounting-unit`, … */
    type: text('type').notNull(),
    parentId: text('parent_id'),
    /** `active` or `retired`. */
    status: text('status').notNull(),
    /** The body exists from this date (inclusive) … */
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** … until this date (exclusive); set when retired. */
    validTo: date('valid_to', { mode: 'string' }),
    /** `fr`, `de`, `en` or `lb`: language of the PDF and of messages to the body. */
    language: text('language').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('bodies_parent_idx').on(t.parentId), index('bodies_status_idx').on(t.status)],
);

export const bodyNames = pgTable(
  'body_names',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** `fr`, `de`, `en`, `lb`, or `short` for the short name / acronym. */
    lang: text('lang').notNull(),
    name: text('name').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_names_body_idx').on(t.bodyId, t.lang)],
);

export const bodyIdentifiers = pgTable(
  'body_identifiers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** ISO 6523 ICD / EAS code: `9938`, `0240`, … */
    scheme: text('scheme').notNull(),
    /** As entered (e.g. `LU12345678`). */
    value: text('value').notNull(),
    /** Lower-cased value, the lookup key (values compare case-insensitively). */
    valueNorm: text('value_norm').notNull(),
    /** `peppol` (endpoint / participant id), `legal` (legal registration), `vat`, `other`. */
    purpose: text('purpose').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_identifiers_key_idx').on(t.scheme, t.valueNorm), index('body_identifiers_value_idx').on(t.valueNorm), index('body_identifiers_body_idx').on(t.bodyId)],
);

export const bodySuccessors = pgTable(
  'body_successors',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    successorId: text('successor_id').notNull().references(() => bodies.id),
    /** True when documents for the retired body go to this successor when it has several (a split). */
    isPrimary: boolean('is_primary').notNull().default(false),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_successors_body_idx').on(t.bodyId)],
);

export const bodyRoutingRules = pgTable(
  'body_routing_rules',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** `BT-10` (buyer reference) or `BT-13` (purchase order reference). */
    field: text('field').notNull(),
    /** Case-insensitive wildcard pattern: `*` any run of characters, `?` one character. */
    pattern: text('pattern').notNull(),
    /** Department / sub-inbox code within the body. */
    department: text('department').notNull(),
    /** Lower first; the first matching rule wins. */
    priority: integer('priority').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_routing_rules_body_idx').on(t.bodyId)],
);

export const bodyRequiredRefs = pgTable(
  'body_required_refs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** `BT-10` or `BT-13`. */
    ref: text('ref').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_required_refs_body_idx').on(t.bodyId)],
);

export const bodyContacts = pgTable(
  'body_contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** `delivery` (delivery problems), `accounting`, … */
    role: text('role').notNull(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('body_contacts_body_idx').on(t.bodyId)],
);

/** Append-only audit of every directory change. */
export const directoryEvents = pgTable(
  'directory_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant('at').notNull(),
    /** `admin`, `token:<id>`, `staff:<login>`, `seed`. */
    actor: text('actor').notNull(),
    /** `create`, `update`, `retire`. */
    action: text('action').notNull(),
    bodyId: text('body_id').notNull(),
    /** Date from which the change applies (YYYY-MM-DD). */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** `api`, `import`, `seed`. */
    source: text('source').notNull(),
    /** JSON of the body as it was (null on create) and as it became. */
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>().notNull(),
  },
  (t) => [index('directory_events_body_idx').on(t.bodyId, t.id)],
);

export type BodyRow = typeof bodies.$inferSelect;
export type BodyNameRow = typeof bodyNames.$inferSelect;
export type BodyIdentifierRow = typeof bodyIdentifiers.$inferSelect;
export type BodySuccessorRow = typeof bodySuccessors.$inferSelect;
export type BodyRoutingRuleRow = typeof bodyRoutingRules.$inferSelect;
export type BodyRequiredRefRow = typeof bodyRequiredRefs.$inferSelect;
export type BodyContactRow = typeof bodyContacts.$inferSelect;
export type DirectoryEventRow = typeof directoryEvents.$inferSelect;
