/** The written UBL passes the validation engine with no fatal finding wherever the (UBL) source did. */
import { rewriteProblems } from './rewrite';

test('every UBL example (EN 16931, Peppol billing, self-billing) rewritten by the writer is as valid as its source', async () => {
  const { checked, problems } = await rewriteProblems(['en16931-ubl', 'peppol-billing', 'peppol-self-billing']);
  expect(checked).toBeGreaterThanOrEqual(35);
  expect(problems.join('\n')).toBe('');
}, 180_000);
