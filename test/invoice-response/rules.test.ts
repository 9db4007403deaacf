/**
 * The code tables against the official T111 rules (read from the `.sch` itself), the transition table,
 * and `checkStatusRequest` case by case.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ACTION_CODES,
  actionCodes,
  allowedAfter,
  checkStatusRequest,
  isSendable,
  REASON_CODES,
  reasonCodes,
  RESPONSE_CODES,
  responseCodes,
  transitions,
  type ResponseCode,
  type StatusRequest,
} from '../../core/invoice-response';

const T111 = fs.readFileSync(path.resolve(__dirname, '../../../shared/rules/peppol-invoice-response/2026.5/PEPPOLBIS-T111.sch'), 'utf8');
const tokens = (name: string): string[] => new RegExp(`<let name="${name}"\\s+value="tokenize\\('([^']*)'`).exec(T111)![1].split(/\s+/);
const literal = (rule: string): string[] => new RegExp(`id="${rule}"[\\s\\S]*?contains\\(' ([A-Z ]+) '`).exec(T111)![1].split(' ');

const req = (over: Partial<StatusRequest>): StatusRequest => ({ code: 'AP', reasons: [], actions: [], ...over });
const ids = (r: StatusRequest, previous?: ResponseCode | null) => checkStatusRequest(r, previous).map((v) => v.ruleId);

describe('code tables', () => {
  test('the codes are exactly those of T111 (2026.5)', () => {
    expect([...RESPONSE_CODES].sort()).toEqual(tokens('clUNCL4343-T111').sort());
    expect([...REASON_CODES].sort()).toEqual(tokens('clOPStatusReason').sort());
    expect([...ACTION_CODES].sort()).toEqual(tokens('clOPStatusAction').sort());
    // The lists of the listID-specific rules say the same.
    expect([...REASON_CODES].sort()).toEqual(literal('PEPPOL-T111-R007').sort());
    expect([...ACTION_CODES].sort()).toEqual(literal('PEPPOL-T111-R006').sort());
    expect(tokens('clClarificationListID').sort()).toEqual(['OPStatusAction', 'OPStatusReason']);
  });

  test('every code has a French, German and English name and a description', () => {
    for (const table of [responseCodes, reasonCodes, actionCodes]) {
      for (const e of Object.values(table)) {
        for (const k of ['fr', 'de', 'en', 'description'] as const) expect(e[k].length).toBeGreaterThan(1);
      }
    }
    expect(Object.keys(responseCodes)).toEqual([...RESPONSE_CODES]);
    expect(Object.keys(reasonCodes)).toEqual([...REASON_CODES]);
    expect(Object.keys(actionCodes)).toEqual([...ACTION_CODES]);
    expect(responseCodes.RE).toMatchObject({ en: 'Rejected', fr: 'Rejeté', de: 'Abgelehnt' });
  });

  test('transitions: AB only first, nothing backwards, RE final unless reopened, only PD after PD, only PD after AP', () => {
    expect(transitions.none).toEqual([...RESPONSE_CODES]);
    for (const from of RESPONSE_CODES) expect(transitions[from]).not.toContain('AB');
    expect(transitions.RE).toEqual([]);
    expect(allowedAfter('RE', { reopenedByAuthority: true })).toEqual(['IP', 'UQ', 'CA', 'RE', 'AP', 'PD']);
    expect(transitions.PD).toEqual(['PD']);
    expect(transitions.AP).toEqual(['PD']);
    const rank: Record<ResponseCode, number> = { AB: 0, IP: 1, UQ: 2, CA: 3, RE: 4, AP: 4, PD: 5 };
    for (const from of RESPONSE_CODES) for (const to of transitions[from]) expect(rank[to]).toBeGreaterThanOrEqual(rank[from]);
  });
});

describe('checkStatusRequest', () => {
  test('a plain acceptance, a full rejection and a partial payment are sendable', () => {
    expect(checkStatusRequest(req({}))).toEqual([]);
    expect(checkStatusRequest(req({ code: 'RE', reasons: [{ code: 'REF', text: 'No PO' }], actions: [{ code: 'NIN' }] }))).toEqual([]);
    expect(checkStatusRequest(req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '1250.00', currency: 'EUR' }), 'AP')).toEqual([]);
    // T111 counts an action as a clarification code too (R001: "a clarification code").
    expect(checkStatusRequest(req({ code: 'UQ', actions: [{ code: 'PIN' }] }))).toEqual([]);
  });

  test.each([
    ['an unknown status', req({ code: 'OK' }), 'PEPPOL-T111-B03001'],
    ['an unknown reason (an action code as a reason)', req({ code: 'RE', reasons: [{ code: 'NIN' }] }), 'PEPPOL-T111-R007'],
    ['an unknown action (a reason code as an action)', req({ code: 'RE', actions: [{ code: 'REF' }] }), 'PEPPOL-T111-R006'],
    ['CA without clarification', req({ code: 'CA' }), 'PEPPOL-T111-R001'],
    ['UQ without clarification', req({ code: 'UQ', texts: [{ text: 'a text is not a code' }] }), 'PEPPOL-T111-R001'],
    ['RE without clarification', req({ code: 'RE' }), 'PEPPOL-T111-R001'],
    ['PPD without text or amount', req({ code: 'PD', reasons: [{ code: 'PPD' }] }), 'PEPPOL-T111-R004'],
    ['PPD with another status', req({ code: 'AP', reasons: [{ code: 'PPD', text: 'half' }] }), 'PEPPOL-T111-R005'],
    ['an empty note', req({ note: '  ' }), 'PEPPOL-COMMON-R001'],
    ['an empty clarification text', req({ code: 'RE', reasons: [{ code: 'REF', text: '' }] }), 'PEPPOL-COMMON-R001'],
    ['an empty condition value', req({ code: 'CA', reasons: [{ code: 'PAY', conditions: [{ attributeId: 'BT-9', description: '' }] }] }), 'PEPPOL-COMMON-R001'],
    ['a condition without attribute', req({ code: 'CA', reasons: [{ code: 'PAY', conditions: [{ description: '2027-01-15' } as never] }] }), 'PEPPOL-T111-B03601'],
    ['a control character', req({ note: 'bell \u0007' }), 'HUB-IR-CHARACTERS'],
    ['a bad effective date', req({ effectiveDate: '2026-02-30' }), 'HUB-IR-DATE'],
    ['an amount that is not a decimal', req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '1,250.00', currency: 'EUR' }), 'HUB-IR-AMOUNT'],
    ['an amount of zero', req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '0.00', currency: 'EUR' }), 'HUB-IR-AMOUNT'],
    ['an amount with three decimals', req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '10.001', currency: 'EUR' }), 'HUB-IR-AMOUNT'],
    ['an amount without PPD', req({ code: 'PD', paidAmount: '10.00', currency: 'EUR' }), 'HUB-IR-AMOUNT-PPD'],
    ['an amount without currency', req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '10.00' }), 'HUB-IR-CURRENCY'],
    ['a currency in lower case', req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '10.00', currency: 'eur' }), 'HUB-IR-CURRENCY'],
    ['a currency without amount', req({ code: 'PD', currency: 'EUR' }), 'HUB-IR-CURRENCY'],
  ])('%s is refused (%s)', (_what, r, rule) => {
    const vs = checkStatusRequest(r);
    expect(vs.map((v) => v.ruleId)).toContain(rule);
    expect(isSendable(vs)).toBe(false);
    for (const v of vs) expect(v.message.length).toBeGreaterThan(10);
  });

  test('OTH without text is a warning, as in T111 (PEPPOL-T111-R002), not a refusal', () => {
    const vs = checkStatusRequest(req({ code: 'RE', reasons: [{ code: 'OTH' }], actions: [{ code: 'OTH' }] }));
    expect(vs.map((v) => [v.ruleId, v.flag, v.field])).toEqual([
      ['PEPPOL-T111-R002', 'warning', 'reasons[0].text'],
      ['PEPPOL-T111-R002', 'warning', 'actions[0].text'],
    ]);
    expect(isSendable(vs)).toBe(true);
  });

  test('amounts are compared as decimals, never as floats', () => {
    expect(ids(req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '0.01', currency: 'EUR' }))).toEqual([]);
    expect(ids(req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '999999999999999.99', currency: 'EUR' }))).toEqual([]);
    expect(ids(req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '1e3', currency: 'EUR' }))).toEqual(['HUB-IR-AMOUNT']);
  });

  test.each([
    [null, 'AB', []],
    ['AB', 'AB', ['HUB-IR-AB-FIRST']],
    ['IP', 'AB', ['HUB-IR-AB-FIRST']],
    ['AB', 'IP', []],
    ['IP', 'IP', []],
    ['UQ', 'UQ', []],
    ['UQ', 'IP', ['HUB-IR-ORDER']],
    ['CA', 'UQ', ['HUB-IR-ORDER']],
    ['AP', 'RE', ['HUB-IR-ORDER']],
    ['AP', 'PD', []],
    ['RE', 'AP', ['HUB-IR-RE-FINAL']],
    ['RE', 'RE', ['HUB-IR-RE-FINAL']],
    ['PD', 'AP', ['HUB-IR-PD-FINAL']],
    ['PD', 'PD', []],
  ] as [ResponseCode | null, ResponseCode, string[]][])('after %s, %s → %j', (previous, code, expected) => {
    const clarified = ['CA', 'UQ', 'RE'].includes(code) ? { reasons: [{ code: 'REF' }] } : {};
    expect(ids(req({ code, ...clarified }), previous)).toEqual(expected);
  });

  test('the Authority reopening a rejected invoice lets the body send a status again (but not AB)', () => {
    const r = req({ code: 'AP' });
    expect(checkStatusRequest(r, 'RE', { reopenedByAuthority: true })).toEqual([]);
    expect(checkStatusRequest(req({ code: 'AB' }), 'RE', { reopenedByAuthority: true }).map((v) => v.ruleId)).toEqual(['HUB-IR-AB-FIRST']);
  });

  test('violations name the field', () => {
    const vs = checkStatusRequest(req({ code: 'RE', reasons: [{ code: 'REF' }, { code: 'XXX', text: '' }] }));
    expect(vs.map((v) => [v.ruleId, v.field])).toEqual([
      ['PEPPOL-T111-R007', 'reasons[1].code'],
      ['PEPPOL-COMMON-R001', 'reasons[1].text'],
    ]);
  });
});
