/**
 * The route stage: `validated` → `routed` (resolvedBodyId set) | `unroutable`.
 *
 * Reads the routing fields of the business document (extract.ts), takes the SBDH receiver from the
 * document row (falling back to an envelope in the bytes), and resolves the recipient with the
 * directory as it stood on the reception date (UTC date of `receivedAt`). The one event of the
 * transition records everything: the body resolved, the step and identifier that matched, every
 * successor redirection, the department chosen by a routing rule, the findings (missing required
 * references, redirections, endpoint mismatch) and, for `unroutable`, every identifier tried and why
 * it failed. A missing required reference does not block delivery (docs/DECISIONS.md).
 */
import { getDocument, PermanentStageError, transition, type DocumentState, type StageProcessor } from '../stage-contract';
import { DirectoryIndexCache } from './directory-index';
import { ExtractError, extractRouting } from './extract';
import { resolveRecipient } from './resolve';

export function makeRouteStage(cache: DirectoryIndexCache = new DirectoryIndexCache()): StageProcessor {
  return async (documentId, deps) => {
    const doc = getDocument(deps.db, documentId);
    if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
    if (doc.state !== 'validated') return { state: doc.state as DocumentState, changed: false };
    if (!deps.files.has(doc.payloadSha256)) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
    let input;
    try {
      input = extractRouting(deps.files.get(doc.payloadSha256));
    } catch (err) {
      if (err instanceof ExtractError) throw new PermanentStageError(`routing fields could not be read: ${err.message}`, 'unreadable');
      throw err;
    }
    if (doc.receiverId !== null && doc.receiverId.trim() !== '') input.receiver = doc.receiverId;
    const date = doc.receivedAt.slice(0, 10);
    const index = cache.get(deps.db);
    const r = resolveRecipient(index, input, date);
    const common = { date, directoryVersion: index.version, references: { 'BT-10': input.bt10 ?? null, 'BT-13': input.bt13 ?? null }, attempts: r.attempts, findings: r.findings };
    if (r.ok) {
      const tr = transition(deps.db, documentId, {
        from: 'validated', to: 'routed', actor: 'system:route', at: deps.clock(),
        details: {
          ...common,
          bodyId: r.bodyId, addressedBodyId: r.addressedBodyId, matchedBy: r.matchedBy, identifier: r.identifier,
          redirections: r.redirections, department: r.department, rule: r.rule, missingReferences: r.missingReferences,
        },
        set: { resolvedBodyId: r.bodyId },
      });
      deps.logger.info({ documentId, bodyId: r.bodyId, matchedBy: r.matchedBy, redirected: r.redirections.length > 0 }, 'routed');
      return { state: tr.state, changed: tr.changed, details: { bodyId: r.bodyId, matchedBy: r.matchedBy, department: r.department } };
    }
    const tr = transition(deps.db, documentId, {
      from: 'validated', to: 'unroutable', actor: 'system:route', at: deps.clock(),
      details: { ...common, reason: r.reason, message: r.message },
      set: { lastError: r.message },
    });
    deps.logger.info({ documentId, reason: r.reason }, 'unroutable');
    return { state: tr.state, changed: tr.changed, details: { reason: r.reason } };
  };
}

export const routeStage: StageProcessor = makeRouteStage();
