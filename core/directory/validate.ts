/**
 * Checks on bodies before they are written: the shape of one body (from JSON or a CSV row), and
 * the checks across the directory (parent and successors exist, no successor or parent cycle, no
 * identifier held by two bodies). Pure functions: the store and the CSV import both call them.
 */
import { checkIdentifier } from './schemes';
import {
  BODY_TYPES, IDENTIFIER_PURPOSES, LANGUAGES, REFERENCE_FIELDS, isIsoDate,
  type BodyError, type BodyInput, type ContactInput, type IdentifierInput, type ReferenceField, type RoutingRuleInput, type SuccessorInput,
} from './types';

const ID_RE = /^[a-z0-9][a-z0-9._-]{0,79}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function oneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

/** Wildcard patterns: printable, at most 100 characters, at most 8 `*`. */
export function checkPattern(p: string): string | null {
  if (p.length === 0 || p.length > 100) return 'pattern must have 1 to 100 characters';
  if ([...p].some((c) => c.charCodeAt(0) < 0x20)) return 'pattern contains control characters';
  if ((p.match(/\*/g) ?? []).length > 8) return 'pattern has more than 8 "*"';
  return null;
}

/**
 * Reads a body from untrusted JSON (API). `idFromPath` wins over an `id` in the body (PUT).
 * Defaults: status active, language fr, validFrom `defaultValidFrom`, empty lists.
 */
export function parseBodyJson(raw: unknown, defaultValidFrom: string, idFromPath?: string): { body?: BodyInput; errors: BodyError[] } {
  const errors: BodyError[] = [];
  if (!isRecord(raw)) return { errors: [{ field: '', message: 'body must be a JSON object' }] };
  const names = isRecord(raw.names) ? raw.names : {};
  const list = (field: string): unknown[] => {
    const v = raw[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      errors.push({ field, message: 'must be an array' });
      return [];
    }
    return v;
  };
  const identifiers: IdentifierInput[] = list('identifiers').map((x, i) => {
    if (typeof x === 'string') {
      const k = x.indexOf(':');
      return { scheme: k > 0 ? x.slice(0, k) : '', value: k > 0 ? x.slice(k + 1) : x, purpose: 'peppol' as const };
    }
    const r = isRecord(x) ? x : {};
    const purpose = r.purpose ?? 'peppol';
    if (!oneOf(IDENTIFIER_PURPOSES, purpose)) errors.push({ field: `identifiers[${i}].purpose`, message: `must be one of ${IDENTIFIER_PURPOSES.join(', ')}` });
    return { scheme: str(r.scheme) ?? '', value: str(r.value) ?? '', purpose: oneOf(IDENTIFIER_PURPOSES, purpose) ? purpose : 'other' };
  });
  const successors: SuccessorInput[] = list('successors').map((x) =>
    typeof x === 'string' ? { id: x, primary: false } : { id: str(isRecord(x) ? x.id : undefined) ?? '', primary: isRecord(x) && x.primary === true },
  );
  const requiredReferences = list('requiredReferences').filter((x, i): x is ReferenceField => {
    if (oneOf(REFERENCE_FIELDS, x)) return true;
    errors.push({ field: `requiredReferences[${i}]`, message: `must be one of ${REFERENCE_FIELDS.join(', ')}` });
    return false;
  });
  const routingRules: RoutingRuleInput[] = list('routingRules').map((x, i) => {
    const r = isRecord(x) ? x : {};
    if (!oneOf(REFERENCE_FIELDS, r.field)) errors.push({ field: `routingRules[${i}].field`, message: `must be one of ${REFERENCE_FIELDS.join(', ')}` });
    return { field: oneOf(REFERENCE_FIELDS, r.field) ? r.field : 'BT-10', pattern: str(r.pattern) ?? '', department: str(r.department) ?? '' };
  });
  const contacts: ContactInput[] = list('contacts').map((x) => {
    const r = isRecord(x) ? x : {};
    const c: ContactInput = { role: str(r.role) ?? 'delivery' };
    if (str(r.name)) c.name = str(r.name);
    if (str(r.email)) c.email = str(r.email);
    if (str(r.phone)) c.phone = str(r.phone);
    return c;
  });
  const body: BodyInput = {
    id: idFromPath ?? str(raw.id) ?? '',
    type: (str(raw.type) ?? '') as BodyInput['type'],
    parentId: str(raw.parentId) ?? null,
    status: (str(raw.status) ?? 'active') as BodyInput['status'],
    names: { fr: str(names.fr) ?? '', de: str(names.de) ?? '' },
    validFrom: str(raw.validFrom) ?? defaultValidFrom,
    validTo: str(raw.validTo) ?? null,
    language: (str(raw.language) ?? 'fr') as BodyInput['language'],
    identifiers,
    successors,
    requiredReferences,
    routingRules,
    contacts,
  };
  if (str(names.en)) body.names.en = str(names.en);
  if (str(names.lb)) body.names.lb = str(names.lb);
  if (str(raw.shortName)) body.shortName = str(raw.shortName);
  if (idFromPath !== undefined && str(raw.id) !== undefined && str(raw.id) !== idFromPath) {
    errors.push({ field: 'id', message: `id in the body ("${str(raw.id)}") differs from the id in the path ("${idFromPath}")` });
  }
  errors.push(...checkBody(body));
  return { body, errors };
}

/** Checks one body on its own (no look at the rest of the directory). */
export function checkBody(b: BodyInput): BodyError[] {
  const errors: BodyError[] = [];
  const err = (field: string, message: string): void => {
    errors.push({ field, message });
  };
  if (!ID_RE.test(b.id)) err('id', 'id must be 1–80 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (!oneOf(BODY_TYPES, b.type)) err('type', `type must be one of ${BODY_TYPES.join(', ')}`);
  if (b.status !== 'active' && b.status !== 'retired') err('status', 'status must be active or retired');
  if (!oneOf(LANGUAGES, b.language)) err('language', `language must be one of ${LANGUAGES.join(', ')}`);
  if (!b.names.fr) err('names.fr', 'the French name is required');
  if (!b.names.de) err('names.de', 'the German name is required');
  for (const [k, v] of Object.entries({ ...b.names, ...(b.shortName !== undefined ? { short: b.shortName } : {}) })) {
    if (typeof v !== 'string') continue;
    if (v.length > 300) err(`names.${k}`, 'name longer than 300 characters');
    // a cell starting like a formula would be run by a spreadsheet opening the CSV export
    if (/^[=+@-]/.test(v) || [...v].some((c) => c.charCodeAt(0) < 0x20)) err(`names.${k}`, 'a name cannot start with =, +, - or @, nor contain control characters');
  }
  if (!isIsoDate(b.validFrom)) err('validFrom', `validFrom must be a date YYYY-MM-DD, got "${b.validFrom}"`);
  if (b.validTo !== null && !isIsoDate(b.validTo)) err('validTo', `validTo must be a date YYYY-MM-DD, got "${b.validTo}"`);
  if (b.validTo !== null && isIsoDate(b.validTo) && isIsoDate(b.validFrom) && b.validTo <= b.validFrom) err('validTo', 'validTo must be after validFrom');
  if (b.status === 'retired' && b.validTo === null) err('validTo', 'a retired body needs validTo (the date it ceased to exist)');
  if (b.status === 'active' && b.successors.length > 0) err('successors', 'only a retired body has successors');
  if (b.parentId !== null && b.parentId === b.id) err('parentId', 'a body cannot be its own parent');
  const seenIds = new Set<string>();
  b.identifiers.forEach((x, i) => {
    const msg = checkIdentifier(x.scheme, x.value);
    if (msg) err(`identifiers[${i}]`, msg);
    const key = `${x.scheme}:${x.value.toLowerCase()}`;
    if (seenIds.has(key)) err(`identifiers[${i}]`, `identifier ${x.scheme}:${x.value} listed twice`);
    seenIds.add(key);
  });
  const seenSucc = new Set<string>();
  b.successors.forEach((s, i) => {
    if (!s.id) err(`successors[${i}]`, 'successor id missing');
    if (s.id === b.id) err(`successors[${i}]`, 'a body cannot be its own successor');
    if (seenSucc.has(s.id)) err(`successors[${i}]`, `successor ${s.id} listed twice`);
    seenSucc.add(s.id);
  });
  if (b.successors.filter((s) => s.primary).length > 1) err('successors', 'at most one successor can be primary');
  if (new Set(b.requiredReferences).size !== b.requiredReferences.length) err('requiredReferences', 'a reference is listed twice');
  b.routingRules.forEach((r, i) => {
    const msg = checkPattern(r.pattern);
    if (msg) err(`routingRules[${i}].pattern`, msg);
    if (!/^[A-Za-z0-9._-]{1,60}$/.test(r.department)) err(`routingRules[${i}].department`, 'department must be 1–60 letters, digits, ".", "_" or "-"');
  });
  b.contacts.forEach((c, i) => {
    if (c.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) err(`contacts[${i}].email`, `malformed e-mail address "${c.email}"`);
  });
  return errors;
}

/**
 * Checks across the directory, for the bodies in `changed` against the whole directory `all`
 * (which already contains the changed versions): parent and successors exist, no cycle through
 * successors or parents, no identifier (scheme + value, case-insensitive) held by two bodies.
 * Returns errors keyed by body id.
 */
export function checkDirectory(all: ReadonlyMap<string, BodyInput>, changed: Iterable<string>): Map<string, BodyError[]> {
  const out = new Map<string, BodyError[]>();
  const add = (id: string, e: BodyError): void => {
    const l = out.get(id) ?? [];
    l.push(e);
    out.set(id, l);
  };
  // identifier owners over the whole directory
  const owners = new Map<string, string[]>();
  for (const b of all.values()) {
    for (const x of b.identifiers) {
      const key = `${x.scheme}:${x.value.toLowerCase()}`;
      const l = owners.get(key) ?? [];
      if (!l.includes(b.id)) l.push(b.id);
      owners.set(key, l);
    }
  }
  for (const id of changed) {
    const b = all.get(id);
    if (!b) continue;
    if (b.parentId !== null) {
      if (!all.has(b.parentId)) add(id, { field: 'parentId', message: `unknown parent body "${b.parentId}"` });
      else {
        const seen = new Set<string>([id]);
        let cur: string | null = b.parentId;
        while (cur !== null) {
          if (seen.has(cur)) {
            add(id, { field: 'parentId', message: `parent chain forms a cycle: ${[...seen, cur].join(' → ')}` });
            break;
          }
          seen.add(cur);
          cur = all.get(cur)?.parentId ?? null;
        }
      }
    }
    b.successors.forEach((s, i) => {
      if (!all.has(s.id)) add(id, { field: `successors[${i}]`, message: `unknown successor body "${s.id}"` });
    });
    const cycle = findSuccessorCycle(all, id);
    if (cycle) add(id, { field: 'successors', message: `successors form a cycle: ${cycle.join(' → ')}` });
    b.identifiers.forEach((x, i) => {
      const others = (owners.get(`${x.scheme}:${x.value.toLowerCase()}`) ?? []).filter((o) => o !== id);
      if (others.length > 0) add(id, { field: `identifiers[${i}]`, message: `identifier ${x.scheme}:${x.value} already belongs to body ${others.join(', ')}` });
    });
  }
  return out;
}

/** A cycle through successor links reachable from `start`, as the list of ids around it, or null. */
export function findSuccessorCycle(all: ReadonlyMap<string, Pick<BodyInput, 'successors'>>, start: string): string[] | null {
  const onPath: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): string[] | null => {
    const at = onPath.indexOf(id);
    if (at >= 0) return [...onPath.slice(at), id];
    if (done.has(id)) return null;
    onPath.push(id);
    for (const s of all.get(id)?.successors ?? []) {
      const c = visit(s.id);
      if (c) return c;
    }
    onPath.pop();
    done.add(id);
    return null;
  };
  return visit(start);
}
