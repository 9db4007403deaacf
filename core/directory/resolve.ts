/**
 * Recipient resolution, as plain functions over the index: which body a document goes to, as
 * the directory stood on its reception date.
 *
 * Order: the SBDH receiver participant id → BT-49 buyer electronic address (scheme + value) →
 * BT-47 buyer legal registration → BT-48 buyer VAT id → BT-46 buyer identifier. Values compare
 * case-insensitively. The first step that finds a body decides; a step that finds several
 * different bodies stops resolution (ambiguous: never guess with a weaker identifier). A retired
 * body is followed through its successors as of the reception date (a split goes to its primary
 * successor, or is ambiguous without one). Then the department by the body's routing rules, and
 * the body's required references are checked (a missing one is a warning finding, not a block).
 */
import { EAS_CODES, parseParticipantId } from './schemes';
import type { ReferenceField } from './types';
import { validOn, type BodyEntry, type DirectoryIndex, type IdentifierEntry } from './directory-index';

export interface PartyIdentifier {
  /** Scheme (EAS / ICD code) when the document gives one. */
  scheme?: string;
  value: string;
}

/** What routing reads from a document (see extract.ts). */
export interface RoutingInput {
  /** SBDH receiver participant id (`9938:LU…` or `iso6523-actorid-upis::9938:LU…`). */
  receiver?: string | null;
  /** BT-49 buyer electronic address. */
  bt49?: PartyIdentifier | null;
  /** BT-47 buyer legal registration identifier. */
  bt47?: PartyIdentifier | null;
  /** BT-48 buyer VAT identifier. */
  bt48?: string | null;
  /** BT-46 buyer identifiers (several allowed in UBL). */
  bt46?: PartyIdentifier[];
  /** BT-10 buyer reference. */
  bt10?: string | null;
  /** BT-13 purchase order reference. */
  bt13?: string | null;
}

export type RouteStep = 'sbdh-receiver' | 'BT-49' | 'BT-47' | 'BT-48' | 'BT-46';

export type AttemptOutcome = 'matched' | 'absent' | 'malformed' | 'no-match' | 'not-valid-on-date' | 'dead-end' | 'ambiguous';

export interface Attempt {
  step: RouteStep;
  /** The identifier as tried (`scheme:value`, or the bare value when no scheme). */
  identifier: string | null;
  outcome: AttemptOutcome;
  /** Why it failed or what it found, in words for the Authority. */
  reason: string;
  /** Body reached (after successors) when matched. */
  bodyId?: string;
}

export interface Redirection {
  from: string;
  to: string;
  /** Date the predecessor was retired. */
  since: string;
  reason: 'successor' | 'primary-successor';
}

export interface RouteFinding {
  ruleId: string;
  flag: 'fatal' | 'warning' | 'information';
  location: string;
  message: string;
}

export type Resolution =
  | {
      ok: true;
      bodyId: string;
      /** Body the identifier pointed at, before following successors. */
      addressedBodyId: string;
      matchedBy: RouteStep;
      identifier: string;
      redirections: Redirection[];
      /** Department selected by a routing rule, null for the body's main inbox. */
      department: string | null;
      rule: { field: ReferenceField; pattern: string } | null;
      /** Required references the document lacks. */
      missingReferences: ReferenceField[];
      attempts: Attempt[];
      findings: RouteFinding[];
      date: string;
    }
  | { ok: false; reason: 'no-match' | 'ambiguous'; message: string; attempts: Attempt[]; findings: RouteFinding[]; date: string };

/** Case-insensitive wildcard match (`*` any run, `?` one character), linear-time backtracking on the last `*`. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** An identifier as typed (`scheme:value` with a known EAS scheme, else a bare value), for a routing preview. */
export function partyFromText(text: string): PartyIdentifier {
  const pid = parseParticipantId(text);
  return pid && EAS_CODES.has(pid.scheme) ? pid : { value: text };
}

type Follow = { ok: true; bodyId: string; redirections: Redirection[] } | { ok: false; outcome: 'dead-end' | 'ambiguous' | 'not-valid-on-date'; reason: string };

/** Follows a body through its successors as of `date`; refuses cycles (they are refused at write time too). */
export function followSuccessors(index: DirectoryIndex, bodyId: string, date: string): Follow {
  const redirections: Redirection[] = [];
  const seen = new Set<string>();
  let id = bodyId;
  for (;;) {
    if (seen.has(id)) return { ok: false, outcome: 'dead-end', reason: `successor chain of ${bodyId} loops back to ${id}` };
    seen.add(id);
    const b: BodyEntry | undefined = index.bodies.get(id);
    if (!b) return { ok: false, outcome: 'dead-end', reason: `body ${id} is not in the directory` };
    if (date < b.validFrom) return { ok: false, outcome: 'not-valid-on-date', reason: `body ${id} only exists from ${b.validFrom} (reception date ${date})` };
    const retired = (b.validTo !== null && date >= b.validTo) || (b.status === 'retired' && b.validTo === null);
    if (!retired) return { ok: true, bodyId: id, redirections };
    const since = b.validTo ?? b.validFrom;
    const succ = b.successors.filter((s) => validOn(s, date));
    if (succ.length === 0) return { ok: false, outcome: 'dead-end', reason: `body ${id} was retired on ${since} with no successor` };
    let next = succ[0]!;
    let why: Redirection['reason'] = 'successor';
    if (succ.length > 1) {
      const primaries = succ.filter((s) => s.primary);
      if (primaries.length !== 1) {
        return { ok: false, outcome: 'ambiguous', reason: `body ${id} was retired on ${since} and split into ${succ.map((s) => s.id).join(', ')}, none of them primary` };
      }
      next = primaries[0]!;
      why = 'primary-successor';
    }
    redirections.push({ from: id, to: next.id, since, reason: why });
    id = next.id;
  }
}

interface StepResult {
  attempt: Attempt;
  resolved?: { bodyId: string; addressed: string; redirections: Redirection[] };
}

function norm(v: string): string {
  return v.trim().toLowerCase();
}

function describeEntries(entries: IdentifierEntry[]): string {
  return entries.map((e) => `${e.bodyId} (${e.validFrom}–${e.validTo ?? ''})`).join(', ');
}

/** One step: look the identifier up, keep the entries valid on `date`, follow successors. */
function tryIdentifier(index: DirectoryIndex, step: RouteStep, id: PartyIdentifier, date: string): StepResult {
  const value = norm(id.value);
  const shown = id.scheme ? `${id.scheme}:${id.value.trim()}` : id.value.trim();
  if (value === '') return { attempt: { step, identifier: shown, outcome: 'malformed', reason: 'empty value' } };
  const all = id.scheme ? index.byKey.get(`${id.scheme.trim()}:${value}`) ?? [] : index.byValue.get(value) ?? [];
  if (all.length === 0) {
    const other = id.scheme ? index.byValue.get(value) : undefined;
    const hint = other && other.length > 0 ? ` (the value exists under scheme ${[...new Set(other.map((e) => e.scheme))].join(', ')})` : '';
    return { attempt: { step, identifier: shown, outcome: 'no-match', reason: `no body has identifier ${shown}${hint}` } };
  }
  const live = all.filter((e) => validOn(e, date));
  if (live.length === 0) {
    return { attempt: { step, identifier: shown, outcome: 'not-valid-on-date', reason: `identifier ${shown} was not valid on ${date}: ${describeEntries(all)}` } };
  }
  const addressed = [...new Set(live.map((e) => e.bodyId))];
  const finals = new Map<string, { addressed: string; redirections: Redirection[] }>();
  const failures: { outcome: Attempt['outcome']; reason: string }[] = [];
  for (const a of addressed) {
    const f = followSuccessors(index, a, date);
    if (f.ok) {
      if (!finals.has(f.bodyId)) finals.set(f.bodyId, { addressed: a, redirections: f.redirections });
    } else failures.push({ outcome: f.outcome, reason: f.reason });
  }
  if (finals.size > 1 || (finals.size === 0 && failures.some((f) => f.outcome === 'ambiguous'))) {
    const reason = finals.size > 1
      ? `identifier ${shown} matches several bodies: ${[...finals.keys()].join(', ')}`
      : failures.map((f) => f.reason).join('; ');
    return { attempt: { step, identifier: shown, outcome: 'ambiguous', reason } };
  }
  if (finals.size === 0) {
    return { attempt: { step, identifier: shown, outcome: failures[0]?.outcome ?? 'dead-end', reason: failures.map((f) => f.reason).join('; ') } };
  }
  const [bodyId, r] = [...finals.entries()][0]!;
  const via = r.redirections.length > 0 ? ` via ${r.redirections.map((x) => `${x.from} → ${x.to}`).join(', ')}` : '';
  return {
    attempt: { step, identifier: shown, outcome: 'matched', reason: `identifier ${shown} is body ${r.addressed}${via}`, bodyId },
    resolved: { bodyId, addressed: r.addressed, redirections: r.redirections },
  };
}

function present(v: string | null | undefined): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** Resolves the recipient of one document as the directory stood on `date` (YYYY-MM-DD). */
export function resolveRecipient(index: DirectoryIndex, input: RoutingInput, date: string): Resolution {
  const attempts: Attempt[] = [];
  const findings: RouteFinding[] = [];
  type Candidate = { step: RouteStep; id: PartyIdentifier | null; raw: string | null };
  const candidates: Candidate[] = [];
  candidates.push({ step: 'sbdh-receiver', id: present(input.receiver) ? parseParticipantId(input.receiver) : null, raw: input.receiver ?? null });
  candidates.push({ step: 'BT-49', id: input.bt49 && present(input.bt49.value) ? input.bt49 : null, raw: input.bt49?.value ?? null });
  candidates.push({ step: 'BT-47', id: input.bt47 && present(input.bt47.value) ? input.bt47 : null, raw: input.bt47?.value ?? null });
  candidates.push({ step: 'BT-48', id: present(input.bt48) ? { value: input.bt48.replace(/\s+/g, '') } : null, raw: input.bt48 ?? null });
  const bt46 = (input.bt46 ?? []).filter((x) => present(x.value));
  if (bt46.length === 0) candidates.push({ step: 'BT-46', id: null, raw: null });
  for (const x of bt46) candidates.push({ step: 'BT-46', id: x, raw: x.value });

  let winner: { step: RouteStep; identifier: string; bodyId: string; addressed: string; redirections: Redirection[] } | null = null;
  let stopped: Attempt | null = null;
  for (const c of candidates) {
    if (c.id === null) {
      attempts.push(present(c.raw)
        ? { step: c.step, identifier: c.raw, outcome: 'malformed', reason: `"${c.raw}" is not a scheme:value participant id` }
        : { step: c.step, identifier: null, outcome: 'absent', reason: 'not given in the document' });
      continue;
    }
    const r = tryIdentifier(index, c.step, c.id, date);
    attempts.push(r.attempt);
    if (winner === null && stopped === null) {
      if (r.resolved) winner = { step: c.step, identifier: r.attempt.identifier ?? '', bodyId: r.resolved.bodyId, addressed: r.resolved.addressed, redirections: r.resolved.redirections };
      else if (r.attempt.outcome === 'ambiguous') stopped = r.attempt;
    } else if (winner !== null && winner.step === 'sbdh-receiver' && c.step === 'BT-49' && r.resolved && r.resolved.bodyId !== winner.bodyId) {
      findings.push({
        ruleId: 'HUB-ROUTE-ENDPOINT-MISMATCH', flag: 'warning', location: 'BT-49',
        message: `the buyer electronic address (BT-49 ${r.attempt.identifier}) designates body ${r.resolved.bodyId}, but the envelope is addressed to ${winner.identifier} (body ${winner.bodyId}); the envelope wins`,
      });
    }
  }
  if (stopped !== null) {
    return { ok: false, reason: 'ambiguous', message: `ambiguous recipient: ${stopped.reason}`, attempts, findings, date };
  }
  if (winner === null) {
    const tried = attempts.filter((a) => a.outcome !== 'absent');
    const message = tried.length === 0 ? 'the document gives no receiver identifier at all' : `no body found: ${tried.map((a) => `${a.step} ${a.identifier ?? ''}: ${a.reason}`).join('; ')}`;
    return { ok: false, reason: 'no-match', message, attempts, findings, date };
  }
  const body = index.bodies.get(winner.bodyId)!;
  for (const r of winner.redirections) {
    findings.push({ ruleId: 'HUB-ROUTE-REDIRECTED', flag: 'information', location: winner.step, message: `body ${r.from} was retired on ${r.since}; the document goes to its successor ${r.to}` });
  }
  const refs: Record<ReferenceField, string | null | undefined> = { 'BT-10': input.bt10, 'BT-13': input.bt13 };
  let department: string | null = null;
  let rule: { field: ReferenceField; pattern: string } | null = null;
  for (const r of body.rules) {
    if (!validOn(r, date)) continue;
    const v = refs[r.field];
    if (present(v) && wildcardMatch(r.pattern, v.trim())) {
      department = r.department;
      rule = { field: r.field, pattern: r.pattern };
      break;
    }
  }
  const missingReferences = [...new Set(body.requiredRefs.filter((r) => validOn(r, date) && !present(refs[r.ref])).map((r) => r.ref))].sort();
  for (const ref of missingReferences) {
    const label = ref === 'BT-10' ? 'buyer reference (BT-10)' : 'purchase order reference (BT-13)';
    findings.push({ ruleId: `HUB-ROUTE-REQUIRED-${ref}`, flag: 'warning', location: ref, message: `body ${body.id} requires a ${label} on its invoices; the document has none` });
  }
  return {
    ok: true, bodyId: body.id, addressedBodyId: winner.addressed, matchedBy: winner.step, identifier: winner.identifier,
    redirections: winner.redirections, department, rule, missingReferences, attempts, findings, date,
  };
}
