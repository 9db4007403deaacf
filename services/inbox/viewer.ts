/** Who calls the pull API (a body token reaches its body and accounting units; the Authority every inbox), and what the status routes give core/invoice-response. */
import type { Response } from 'express';
import { reachableBodies } from '../../core/dispatch/bodies';
import type { Viewer } from '../../core/documents/inbox';
import type { ResponseDeps } from '../../core/invoice-response/status';
import { principalOf } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';

export async function apiViewer(deps: AppDeps, res: Response): Promise<Viewer> {
  const p = principalOf(res);
  if (p.scope === 'authority') return { actor: p.actor, bodies: null, via: 'api' };
  if (p.scope === 'body' && p.bodyId !== null) return { actor: p.actor, bodies: await reachableBodies(deps.store, p.bodyId), via: 'api' };
  throw new ProblemError(403, 'forbidden', 'Forbidden', 'The inbox needs a body token.');
}

/** The viewer of a request that sets a status (the acknowledgement included): a body token only, the Authority reads. */
export async function bodyViewer(deps: AppDeps, res: Response): Promise<Viewer> {
  const v = await apiViewer(deps, res);
  if (v.bodies === null) throw new ProblemError(403, 'forbidden', 'Forbidden', 'Statuses are set by the body the document was delivered to, with its own token.');
  return v;
}

/** Statuses are validated by the CPU pool's engine (the T111 pack). */
export function responseDeps(deps: AppDeps): ResponseDeps {
  return { store: deps.store, validate: (bytes, opts) => deps.cpu.validateReport(bytes, opts ?? {}), clock: deps.clock };
}
