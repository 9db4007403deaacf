/** Statuses in bulk from a pasted CSV: checked first (nothing written), then applied (core/invoice-response/bulk.ts); a line's refusal in the user's language. */
import { importStatuses } from '../../../../core/invoice-response/bulk';
import { CoreError } from '../../../../core/errors';
import { bulkPage } from '../../../../templates/inbox/bulk';
import { responseDeps } from '../../viewer';
import type { InboxWebRoute, WebCall } from '../context';
import { bulkErrorText } from '../texts';

const CSV_MAX = 1_000_000;

async function run(x: WebCall): Promise<void> {
  const csv = x.field('csv', CSV_MAX);
  const apply = x.field('apply') === '1';
  try {
    const report = await importStatuses(responseDeps(x.deps), x.session.viewer, csv, { dryRun: !apply, via: 'web-bulk' });
    const lines = report.lines.map((l) => ({ ...l, error: bulkErrorText(l, x.lang) }));
    x.page(report.errors > 0 ? 422 : 200, bulkPage(x.frame(), { csv, report: { ...report, lines }, error: null }));
  } catch (err) {
    if (!(err instanceof CoreError) || err.kind !== 'invalid') throw err;
    x.page(400, bulkPage(x.frame(), { csv, report: null, error: err.detail }));
  }
}

export function bulkRoutes(): InboxWebRoute[] {
  return [
    { method: 'get', path: '/inbox/responses/import', session: true, handle: async (x) => x.page(200, bulkPage(x.frame(), { csv: 'documentId,code,reasons,actions,note,paidAmount\n', report: null, error: null })) },
    { method: 'post', path: '/inbox/responses/import', session: true, form: 'large', handle: run },
  ];
}
