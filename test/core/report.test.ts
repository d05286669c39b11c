import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import { toReport } from '../../src/core/report.js';
import {
  grantBody,
  grantsYaml,
  lines,
  NOW,
  policyOf,
  pullRequest,
  review,
  SPEC_POLICY,
} from './fixtures.js';

const SPEC = policyOf(SPEC_POLICY);
const POLICY_FILE = 'policies/authority.yaml';

/** The spec's example grants file: the example grant on line 2 of grants/payments.yaml. */
const PAYMENTS = lines(
  'grants:',
  '  - id: pay-db-read-invoice-exporter',
  '    identity: svc-invoice-exporter',
  '    identity_type: service-account',
  '    owner: "@acme/payments"',
  '    resource: aws/prod/payments-db',
  '    access: read',
  '    requester: alice',
  '    purpose: Nightly export of invoices to the finance warehouse',
  '    ticket: OPS-1234',
  '    expires: 2026-12-08',
);

/** The document the spec prints for `--format json`, verbatim. */
const SPEC_REPORT = {
  decision: 'pending',
  now: '2026-12-03T00:00:00.000Z',
  grants: [
    {
      id: 'pay-db-read-invoice-exporter',
      file: 'grants/payments.yaml',
      line: 2,
      change: 'added',
      decision: 'pending',
      authority: 'owner',
      rule: { pattern: 'aws/prod/', file: 'policies/authority.yaml', line: 7 },
      approvals_required: 1,
      approvers: ['@acme/prod-owners', 'dana'],
      approved_by: [],
      problems: [],
      warnings: [],
    },
  ],
  problems: [],
  warnings: [],
};

describe('toReport', () => {
  it("reproduces the spec's example report for the spec's example grant and policy", () => {
    const report = toReport(
      evaluate(SPEC, pullRequest({ head: { 'grants/payments.yaml': PAYMENTS } }), NOW),
      POLICY_FILE,
    );
    expect(report).toEqual(SPEC_REPORT);
  });

  it('writes the fields in the order the spec shows them', () => {
    const report = toReport(
      evaluate(SPEC, pullRequest({ head: { 'grants/payments.yaml': PAYMENTS } }), NOW),
      POLICY_FILE,
    );
    expect(Object.keys(report)).toEqual(Object.keys(SPEC_REPORT));
    expect(Object.keys(report.grants[0]!)).toEqual(Object.keys(SPEC_REPORT.grants[0]!));
  });

  it('lists the logins of the approvals that count in approved_by', () => {
    const reviews = [review('mallory', 'APPROVED'), review('erin', 'APPROVED')];
    const report = toReport(
      evaluate(SPEC, pullRequest({ head: { 'grants/payments.yaml': PAYMENTS }, reviews }), NOW),
      POLICY_FILE,
    );
    expect(report.decision).toBe('approved');
    expect(report.grants[0]!.approved_by).toEqual(['erin']);
  });

  it('writes a problem as code, message, file and line', () => {
    const text = grantsYaml(grantBody({ purpose: 'TBD' }));
    const report = toReport(
      evaluate(SPEC, pullRequest({ head: { 'grants/payments.yaml': text } }), NOW),
      POLICY_FILE,
    );
    const [p] = report.grants[0]!.problems;
    expect(Object.keys(p!)).toEqual(['code', 'message', 'file', 'line']);
    expect(p).toMatchObject({ code: 'invalid-field', file: 'grants/payments.yaml', line: 9 });
    expect(report.grants[0]).toMatchObject({
      decision: 'returned',
      authority: 'none',
      approvers: [],
    });
  });

  it('names the policy file it is given for the rule', () => {
    const report = toReport(
      evaluate(SPEC, pullRequest({ head: { 'grants/payments.yaml': PAYMENTS } }), NOW),
      'custom/policy.yaml',
    );
    expect(report.grants[0]!.rule).toEqual({
      pattern: 'aws/prod/',
      file: 'custom/policy.yaml',
      line: 7,
    });
  });

  it('gives authority none to removed grants', () => {
    const report = toReport(
      evaluate(
        SPEC,
        pullRequest({
          base: { 'grants/payments.yaml': PAYMENTS },
          head: { 'grants/payments.yaml': 'grants: []\n' },
        }),
        NOW,
      ),
      POLICY_FILE,
    );
    expect(report).toMatchObject({
      decision: 'approved',
      grants: [{ change: 'removed', authority: 'none', decision: 'approved', line: 2 }],
    });
  });
});
