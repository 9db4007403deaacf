import { judge, type ConformanceCase } from '../../validation/conformance';
import type { Finding } from '../../validation/types';

const c = (expectations: ConformanceCase['expectations']): ConformanceCase => ({
  suite: 's', file: 'f.xml', index: 1, description: '', scope: expectations.map((e) => e.rule), expectations, document: '<x/>', scenario: 'en16931-ubl', packs: [],
});
const fired = (ruleId: string, flag: Finding['flag']): Finding => ({ source: 'schematron', ruleId, flag, location: '/x[1]', message: 'm' });

test('success means the rule did not fire at all', () => {
  expect(judge(c([{ rule: 'BR-01', kind: 'success' }]), []).ok).toBe(true);
  expect(judge(c([{ rule: 'BR-01', kind: 'success' }]), [fired('BR-01', 'warning')]).ok).toBe(false);
  expect(judge(c([{ rule: 'BR-01', kind: 'success' }]), [fired('BR-02', 'fatal')]).ok).toBe(true);
});

test('error means fired as fatal; warning means fired as warning', () => {
  expect(judge(c([{ rule: 'BR-01', kind: 'error' }]), [fired('BR-01', 'fatal')]).ok).toBe(true);
  expect(judge(c([{ rule: 'BR-01', kind: 'error' }]), [fired('BR-01', 'warning')]).problems).toEqual(['BR-01: expected to fire as fatal, got warning']);
  expect(judge(c([{ rule: 'BR-01', kind: 'warning' }]), []).problems).toEqual(['BR-01: expected to fire as warning, got not fired']);
  expect(judge(c([{ rule: 'BR-01', kind: 'warning' }]), [fired('BR-01', 'warning')]).ok).toBe(true);
});

test('an engine failure never passes', () => {
  const engine: Finding = { source: 'engine', ruleId: 'HUB-ENGINE-PACK', flag: 'fatal', location: '/', message: 'missing' };
  expect(judge(c([{ rule: 'BR-01', kind: 'success' }]), [engine]).ok).toBe(false);
});
