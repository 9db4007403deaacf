/** The console's home: every error queue with how many documents wait in it. */
import { html } from '../../web';
import { table } from './components';
import { fmtInt } from './format';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';

export function overviewPage(f: Frame, counts: readonly { queue: string; count: number }[]): string {
  return consolePage(f, {
    title: ct('overview', f.lang), section: 'overview',
    body: table(ct('queues', f.lang), [ct('queue', f.lang), ct('count', f.lang)],
      counts.map((c) => [html`<a href="/console/queues/${c.queue}">${labelOf('q_', c.queue, f.lang)}</a>`, fmtInt(c.count, f.lang)]), { numeric: [1] }),
  });
}
