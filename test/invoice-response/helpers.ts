/** Shared inputs and a validation shortcut for the Invoice Response tests. */
import type { InvoiceResponseInput } from '../../core/invoice-response';
import type { StatusRequest } from '../../core/invoice-response';
import { validate } from '../../validation';
import type { EngineName } from '../../validation/engines';
import type { Finding } from '../../validation/types';

/** A Luxembourg body answering a Belgian supplier's invoice. */
export function baseInput(status: StatusRequest, over: Partial<InvoiceResponseInput> = {}): InvoiceResponseInput {
  return {
    id: 'IR-2026-000123',
    issueDate: '2026-12-03',
    issueTime: '10:15:00',
    sender: { endpoint: '9938:LU12345678', name: 'Ministère de la Santé' },
    receiver: { endpoint: { scheme: '0208', value: '0123456749' }, name: 'Fournisseur SA' },
    invoice: { id: 'INV-2026-0042', issueDate: '2026-11-20', typeCode: '380' },
    status,
    ...over,
  };
}

export interface Verdict {
  valid: boolean;
  scenario: string | null;
  fatal: Finding[];
  warnings: Finding[];
  ids: string[];
}

/** Validates through the hub's own engine, scenario detected (it must be peppol-invoice-response). */
export async function judge(xml: string, engine: EngineName = 'compiled'): Promise<Verdict> {
  const report = await validate(Buffer.from(xml, 'utf8'), { engine });
  return {
    valid: report.valid,
    scenario: report.scenario,
    fatal: report.findings.filter((f) => f.flag === 'fatal'),
    warnings: report.findings.filter((f) => f.flag === 'warning'),
    ids: report.findings.map((f) => f.ruleId),
  };
}
