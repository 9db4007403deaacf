/**
 * The standardised PDF of what a supplier is about to send, rendered in the CPU pool: it states the
 * validation the check got (the one the review just showed), never "not performed" after a check.
 */
import type { Lang } from '../../config/languages';
import { CoreError } from '../errors';
import type { PortalDeps } from './deps';
import type { CheckRecord } from './drafts';

export async function previewPdf(deps: Pick<PortalDeps, 'cpu'>, xml: Buffer, check: CheckRecord | null, lang: Lang): Promise<Buffer> {
  const validation = check === null ? null : { valid: check.valid, scenario: check.scenario, packs: check.packs, findings: check.findings };
  const out = await deps.cpu.render({ payload: xml, options: { lang, validation } });
  if (!out.ok) throw new CoreError('unprocessable', 'preview-unavailable', 'Preview unavailable', out.unreadable);
  return out.pdf;
}
