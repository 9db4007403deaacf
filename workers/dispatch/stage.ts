/**
 * The dispatch stage: `rendered` → `delivered` (core/dispatch/deliver.ts does the work: inbox row
 * and one webhook delivery per active webhook, in the transition's transaction). What cannot be
 * delivered however often it is tried (no body, a body missing from the directory, bytes missing)
 * is a PermanentStageError with core's reason.
 */
import { CoreError } from '../../core/errors';
import { deliverDocument } from '../../core/dispatch/deliver';
import { PermanentStageError, type StageProcessor } from '../stage-contract';

export const dispatchStage: StageProcessor = async (documentId, deps) => {
  try {
    const out = await deliverDocument(deps.store, documentId, { now: deps.clock(), logger: deps.logger });
    return { state: out.state, changed: out.changed, ...(out.changed ? { details: { bodyId: out.bodyId, deliveries: out.deliveries?.length ?? 0 } } : {}) };
  } catch (err) {
    if (err instanceof CoreError) throw new PermanentStageError(err.detail, err.slug);
    throw err;
  }
};
