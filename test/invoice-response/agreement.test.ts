/**
 * `checkStatusRequest` agrees with the official T111 rules: for every T111 rule that concerns a field of
 * the request, a request that breaks it is refused by the check under that rule id, and the XML built
 * from it anyway fails T111 with that same rule (through the hub's `validate()`, compiled engine). Then the
 * same on seeded random requests: the T111 rules the check names are exactly those T111 fires.
 *
 * One exception, shown rather than hidden: PEPPOL-T111-R005 ("PPD only with PD") cannot fire in the
 * official pack — its test `exists(/cbc:ResponseCode='PD')` is the existence of a boolean, always true —
 * so the check refuses what the specification text says, and the pack lets the XML through.
 */
import { buildInvoiceResponse, checkStatusRequest, REASON_CODES, ACTION_CODES, RESPONSE_CODES, type StatusRequest } from '../../core/invoice-response';
import { prng } from '../../scripts/differential';
import { baseInput, judge } from './helpers';

const req = (over: Partial<StatusRequest>): StatusRequest => ({ code: 'AP', reasons: [], actions: [], ...over });

const cases: [string, string, StatusRequest, 'fatal' | 'warning'][] = [
  ['PEPPOL-T111-B03001', 'status code outside the UNCL4343 subset', req({ code: 'OK' }), 'fatal'],
  ['PEPPOL-T111-R007', 'reason code outside OPStatusReason', req({ code: 'RE', reasons: [{ code: 'NIN' }] }), 'fatal'],
  ['PEPPOL-T111-R006', 'action code outside OPStatusAction', req({ code: 'RE', actions: [{ code: 'PPD' }] }), 'fatal'],
  ['PEPPOL-T111-R001', 'CA without clarification code', req({ code: 'CA' }), 'fatal'],
  ['PEPPOL-T111-R001', 'UQ with a text but no code', req({ code: 'UQ', texts: [{ text: 'see letter' }] }), 'fatal'],
  ['PEPPOL-T111-R001', 'RE without clarification code', req({ code: 'RE' }), 'fatal'],
  ['PEPPOL-T111-R004', 'PPD without clarification text', req({ code: 'PD', reasons: [{ code: 'PPD' }] }), 'fatal'],
  ['PEPPOL-T111-R002', 'OTH reason without text', req({ code: 'RE', reasons: [{ code: 'OTH' }] }), 'warning'],
  ['PEPPOL-T111-R002', 'OTH action without text', req({ code: 'RE', reasons: [{ code: 'REF' }], actions: [{ code: 'OTH' }] }), 'warning'],
  ['PEPPOL-COMMON-R001', 'empty note', req({ note: '' }), 'fatal'],
  ['PEPPOL-COMMON-R001', 'blank clarification text', req({ code: 'RE', reasons: [{ code: 'REF', text: '   ' }] }), 'fatal'],
  ['PEPPOL-COMMON-R001', 'empty condition value', req({ code: 'CA', reasons: [{ code: 'PAY', conditions: [{ attributeId: 'BT-9', description: '' }] }] }), 'fatal'],
  ['PEPPOL-COMMON-R001', 'empty uncoded text', req({ code: 'IP', texts: [{ text: '' }] }), 'fatal'],
  ['PEPPOL-T111-B03601', 'condition without attribute', req({ code: 'CA', reasons: [{ code: 'PAY', conditions: [{ description: '2027-01-15' } as never] }] }), 'fatal'],
];

describe.each(cases)('%s (%s)', (rule, _what, request, flag) => {
  test(`the check names it (${flag}) and T111 fires it on the built XML`, async () => {
    const mine = checkStatusRequest(request).filter((v) => v.ruleId === rule);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((v) => v.flag === flag)).toBe(true);
    const v = await judge(buildInvoiceResponse(baseInput(request)));
    expect(v.scenario).toBe('peppol-invoice-response');
    const fired = (flag === 'fatal' ? v.fatal : v.warnings).map((f) => f.ruleId);
    expect(fired).toContain(rule);
    expect(v.valid).toBe(flag === 'warning');
  });
});

test('PEPPOL-T111-R005: the check refuses PPD with another status; the official pack cannot fire it (documented defect)', async () => {
  const request = req({ code: 'AP', reasons: [{ code: 'PPD', text: 'half of it' }] });
  expect(checkStatusRequest(request).map((v) => v.ruleId)).toEqual(['PEPPOL-T111-R005']);
  for (const engine of ['compiled', 'saxon'] as const) {
    const v = await judge(buildInvoiceResponse(baseInput(request)), engine);
    expect(v.ids).not.toContain('PEPPOL-T111-R005');
    expect(v.valid).toBe(true);
  }
});

test('hub rules: the XML Schema refuses a bad effective date; T111 says nothing of amounts and sequences', async () => {
  const date = req({ effectiveDate: '2026-02-30' });
  expect(checkStatusRequest(date).map((v) => v.ruleId)).toEqual(['HUB-IR-DATE']);
  const v = await judge(buildInvoiceResponse(baseInput(date)));
  expect(v.fatal.map((f) => f.ruleId)).toEqual(['XSD']);
  for (const r of [req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '1,5', currency: 'EUR' }), req({ code: 'AB' })]) {
    const previous = r.code === 'AB' ? 'AP' : undefined;
    expect(checkStatusRequest(r, previous).some((x) => x.ruleId.startsWith('HUB-IR-'))).toBe(true);
    expect((await judge(buildInvoiceResponse(baseInput(r)))).valid).toBe(true);
  }
});

// ── seeded random requests ────────────────────────────────────────────────────────────────────

function randomRequest(r: () => number): StatusRequest {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const maybe = <T,>(x: T, p = 0.5): T | undefined => (r() < p ? x : undefined);
  const text = () => pick([undefined, undefined, 'a text', '', '  ']);
  const conditions = () => pick([undefined, undefined, [{ attributeId: 'BT-9', description: '2027-01-15' }], [{ attributeId: '' }], [{ description: 'x' } as never], [{ attributeId: 'BT-13', description: '' }]]);
  const clar = (codes: readonly string[]) => {
    const c = { code: pick(codes) };
    const t = text();
    const cs = conditions();
    return { ...c, ...(t !== undefined ? { text: t } : {}), ...(cs !== undefined ? { conditions: cs } : {}) };
  };
  const n = () => pick([0, 0, 1, 1, 2]);
  const reasons = Array.from({ length: n() }, () => clar([...REASON_CODES, 'PPD', 'PPD', 'NOA', 'ZZZ']));
  const actions = Array.from({ length: n() }, () => clar([...ACTION_CODES, 'REF', 'QQQ']));
  const paid = reasons.some((x) => x.code === 'PPD') ? maybe({ paidAmount: '10.00', ...(r() < 0.8 ? { currency: 'EUR' } : {}) }) : undefined;
  const note = maybe(pick(['a note', '', ' ']), 0.3);
  const uncoded = maybe([{ text: pick(['remark', '']) }], 0.2);
  return {
    code: pick([...RESPONSE_CODES, 'PD', 'PD', 'RE', 'XX']),
    reasons,
    actions,
    ...(uncoded ? { texts: uncoded } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(paid ?? {}),
  };
}

test('seeded random requests: the T111 rules the check names are exactly those T111 fires (fatal and warning)', async () => {
  const r = prng(20261203);
  const t111 = (id: string) => id.startsWith('PEPPOL-');
  let refused = 0;
  for (let k = 0; k < 150; k++) {
    const request = randomRequest(r);
    const mine = checkStatusRequest(request).filter((v) => t111(v.ruleId) && v.ruleId !== 'PEPPOL-T111-R005');
    const v = await judge(buildInvoiceResponse(baseInput(request)));
    // T111 findings only (a condition without AttributeID also fails the XML Schema). B03301 (a code in
    // neither clarification list) fires together with R006/R007, which the check names.
    const theirs = (fs: { ruleId: string }[]) => [...new Set(fs.map((f) => f.ruleId).filter((id) => t111(id) && id !== 'PEPPOL-T111-B03301'))].sort();
    const ctx = JSON.stringify(request);
    expect({ ctx, fatal: [...new Set(mine.filter((x) => x.flag === 'fatal').map((x) => x.ruleId))].sort() }).toEqual({ ctx, fatal: theirs(v.fatal) });
    expect({ ctx, warning: [...new Set(mine.filter((x) => x.flag === 'warning').map((x) => x.ruleId))].sort() }).toEqual({ ctx, warning: theirs(v.warnings) });
    if (v.fatal.length) refused++;
  }
  // The generator reaches both sides.
  expect(refused).toBeGreaterThan(30);
  expect(refused).toBeLessThan(140);
});
