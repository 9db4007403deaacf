/**
 * The route stage: `validated` → `routed` (resolvedBodyId set) | `unroutable`.
 *
 * Reads the routing fields of the business document (core/directory/extract.ts), takes the SBDH
 * receiver from the document row (falling back to an envelope in the bytes), and resolves the
 * recipient with the directory as it stood on the reception date (UTC date of `receivedAt`). The
 * one event of the transition records everything: the body resolved, the step and identifier that
 * matched, every successor redirection, the department chosen by a routing rule, the findings
 * (missing required references, redirections, endpoint mismatch) and, for `unroutable`, every
 * identifier tried and why it failed. A missing required reference does not block delivery
 * (docs/DECISIONS.md).
 */
import { getDocument, transition } from '../../core/documents/store';
import type { DocumentState } from '../../core/documents/states';
import type { DirectoryIndex } from '../../core/directory/directory-index';
import { ExtractError, extractRouting } from '../../core/directory/extract';
import { resolveRecipient } from '../../core/directory/resolve';
import { directoryView } from '../../core/directory/view';
import { BlobNotFoundError, type Store } from '../../core/store';
import { PermanentStageError, type StageProcessor } from '../stage-contract';

/** Where the stage gets the directory index (checked against the directory version at each document). */
export interface IndexSource {
  get(store: Pick<Store, 'db'>): Promise<DirectoryIndex>;
}

/** The process's directory view (shared with the API, the portal and the console of the same process). */
const sharedIndex: IndexSource = { get: async (store) => (await directoryView(store)).index };

export function makeRouteStage(cache: IndexSource = sharedIndex): StageProcessor {
  return async (documentId, deps) => {
    const { store } = deps;
    const doc = await getDocument(store, documentId);
    if (doc === undefined) throw new PermanentStageError(`document ${documentId} does not exist`, 'no-document');
    if (doc.state !== 'validated') return { state: doc.state as DocumentState, changed: false };
    let bytes: Buffer;
    try {
      bytes = await store.blobs.get(doc.payloadSha256);
    } catch (err) {
      if (err instanceof BlobNotFoundError) throw new PermanentStageError(`stored bytes ${doc.payloadSha256} are missing`, 'bytes-missing');
      throw err;
    }
    let input;
    try {
      input = extractRouting(bytes);
    } catch (err) {
      if (err instanceof ExtractError) throw new PermanentStageError(`routing fields could not be read: ${err.message}`, 'unreadable');
      throw err;
    }
    if (doc.receiverId !== null && doc.receiverId.trim() !== '') input.receiver = doc.receiverId;
    const date = doc.receivedAt.slice(0, 10);
    const index = await cache.get(store);
    const r = resolveRecipient(index, input, date);
    const common = { date, directoryVersion: index.version, references: { 'BT-10': input.bt10 ?? null, 'BT-13': input.bt13 ?? null }, attempts: r.attempts, findings: r.findings };
    if (r.ok) {
      const tr = await transition(store, documentId, {
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
    const tr = await transition(store, documentId, {
      from: 'validated', to: 'unroutable', actor: 'system:route', at: deps.clock(),
      details: { ...common, reason: r.reason, message: r.message },
      set: { lastError: r.message },
    });
    deps.logger.info({ documentId, reason: r.reason }, 'unroutable');
    return { state: tr.state, changed: tr.changed, details: { reason: r.reason } };
  };
}

export const routeStage: StageProcessor = makeRouteStage();
