import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../src/core/policy-lint.js';
import { lines, lineWith, NOW, policyOf, SPEC_POLICY } from './fixtures.js';

const STARTER = readFileSync(new URL('../../policies/authority.yaml', import.meta.url), 'utf8');
const HEAD = ['version: 1', 'defaults: {max_access: write, max_duration: 30d}', 'rules:'];
const findings = (text: string, now = NOW) => lintPolicy(policyOf(text), now);
const linesOf = (text: string, now = NOW) => findings(text, now).map((f) => f.line);

describe('lintPolicy: clean policies', () => {
  it('finds nothing in the starter policy while its delegation is live', () => {
    expect(findings(STARTER)).toEqual([]);
  });

  it("finds nothing in the spec's example policy while its delegation is live", () => {
    expect(findings(SPEC_POLICY)).toEqual([]);
  });
});

describe('lintPolicy: rules that can never win', () => {
  // Spec: lint-policy "warns about rules that can never win (shadowed by a later rule)".
  it.each([
    [
      'a specific rule before the catch-all',
      ['  - {pattern: aws/prod/, owners: [dana]}', '  - {pattern: "*", owners: [erin]}'],
      [4],
    ],
    [
      'a deeper rule before a broader one',
      [
        '  - {pattern: "*", owners: [erin]}',
        '  - {pattern: aws/prod/db, owners: [dana]}',
        '  - {pattern: aws/prod/, owners: [frank]}',
      ],
      [5],
    ],
    [
      'the same pattern twice',
      ['  - {pattern: secrets, owners: [dana]}', '  - {pattern: secrets, owners: [erin]}'],
      [4],
    ],
    [
      'a catch-all after specific rules shadows them all',
      [
        '  - {pattern: a/, owners: [dana]}',
        '  - {pattern: b/, owners: [dana]}',
        '  - {pattern: "*", owners: [erin]}',
      ],
      [4, 5],
    ],
  ])('warns about %s at the shadowed rule', (_name, rules, expected) => {
    expect(linesOf(lines(...HEAD, ...rules))).toEqual(expected);
  });

  it.each([
    [
      'the catch-all first, specific rules after',
      [
        '  - {pattern: "*", owners: [erin]}',
        '  - {pattern: aws/prod/, owners: [dana]}',
        '  - {pattern: aws/prod/db, owners: [frank]}',
      ],
    ],
    [
      'two rules on different resources',
      ['  - {pattern: aws/prod/, owners: [dana]}', '  - {pattern: gcp/prod/, owners: [erin]}'],
    ],
    [
      'a broad rule followed by a narrower one',
      ['  - {pattern: secrets, owners: [dana]}', '  - {pattern: k8s/prod/secrets, owners: [erin]}'],
    ],
  ])('finds nothing wrong with %s', (_name, rules) => {
    expect(findings(lines(...HEAD, ...rules))).toEqual([]);
  });
});

describe('lintPolicy: delegations', () => {
  const policy = (expires: string | null) =>
    lines(
      ...HEAD,
      '  - {pattern: "*", owners: [dana]}',
      'delegations:',
      '  - to: [carol]',
      '    granted_by: dana',
      '    pattern: aws/',
      ...(expires === null ? [] : [`    expires: ${expires}`]),
    );

  it.each([
    ['has expired', '2026-12-01', [6]],
    ['expires exactly now (it is no longer live)', '2026-12-03', [6]],
    ['never expires (it is not time-boxed)', null, [6]],
    ['is live', '2027-01-01', []],
  ])('a delegation that %s', (_name, expires, expected) => {
    expect(linesOf(policy(expires))).toEqual(expected);
  });

  it("warns about the spec policy's delegation once it has expired", () => {
    expect(linesOf(SPEC_POLICY, Date.UTC(2027, 2, 2))).toEqual([
      lineWith(SPEC_POLICY, '- to: [carol]'),
    ]);
  });
});

describe('lintPolicy: escalations no higher than their rule', () => {
  const rule = (escalation: string) =>
    lines(
      ...HEAD,
      '  - pattern: "*"',
      '    owners: [dana]',
      '    max_access: write',
      '    max_duration: 7d',
      `    escalation: {owners: [erin], ${escalation}}`,
    );

  it.each([
    ['an escalation equal to its rule is hollow', 'max_access: write, max_duration: 7d', 1],
    ['an escalation with more access is useful', 'max_access: admin, max_duration: 7d', 0],
    ['an escalation with more time is useful', 'max_access: write, max_duration: 8d', 0],
  ])('%s', (_name, escalation, count) => {
    const text = rule(escalation);
    const out = findings(text);
    expect(out).toHaveLength(count);
    for (const f of out)
      expect([lineWith(text, '- pattern'), lineWith(text, 'escalation:')]).toContain(f.line);
  });
});

describe('lintPolicy: rules without owners', () => {
  it('warns about a rule whose owners list is empty', () => {
    const text = lines(
      ...HEAD,
      '  - {pattern: "*", owners: [dana]}',
      '  - {pattern: aws/, owners: []}',
    );
    expect(linesOf(text)).toEqual([5]);
  });
});
