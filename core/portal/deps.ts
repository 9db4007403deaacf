/**
 * What the portal's core functions take: the store, the CPU work done off the event loop
 * (validation, the PDF), the clock and the portal's limits.
 */
import type { Store } from '../../db/store';
import type { RenderOptions } from '../../templates';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { isoDate } from '../directory/types';

export type PortalRender = { ok: true; pdf: Buffer } | { ok: false; unreadable: string };

export interface PortalCpu {
  /** The full validation of a business document (the pipeline's engine and rule packs), fail-closed. */
  validateReport(bytes: Buffer, opts: ValidateOptions): Promise<ValidationReport>;
  /** The standardised PDF of a business document. */
  render(job: { payload: Buffer; options: RenderOptions }): Promise<PortalRender>;
}

export interface PortalDeps {
  store: Store;
  cpu: PortalCpu;
  clock: () => Date;
  /** Days a draft or checked upload stays reachable after its last change. */
  draftDays: number;
  /** Most attachments on one invoice of the form. */
  maxAttachments: number;
}

/** The date of validation and routing: the day of reception, as the pipeline takes it. */
export function today(deps: Pick<PortalDeps, 'clock'>): string {
  return isoDate(deps.clock());
}
