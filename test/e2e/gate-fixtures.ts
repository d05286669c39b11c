// What the gate end-to-end tests are about: the policy, the clock, and grants files as an
// engineer would write them.

/** The evaluation instant of every run: grants below expire a few days later. */
export const NOW = '2027-01-01T12:00:00Z';

export const POLICY_PATH = 'policies/authority.yaml';

/**
 * Production is owned by a team and one person; past read for 7 days it escalates once, up to
 * write for 14 days. Production databases need two of two named people. On-call approves
 * break-glass access for up to 8 hours.
 */
export const POLICY = `version: 1
access_levels: [read, write, admin]
defaults: { max_access: write, max_duration: 30d, approvals: 1 }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
  - pattern: aws/prod/
    owners: ["@acme/prod-owners", dana]
    max_access: read
    max_duration: 7d
    escalation:
      owners: ["@acme/security-leads"]
      max_access: write
      max_duration: 14d
  - pattern: db/prod/
    owners: [dana, omar]
    max_access: read
    max_duration: 7d
    approvals: 2
emergency:
  owners: ["@acme/oncall"]
  max_access: admin
  max_duration: 8h
  post_review: 72h
`;

export interface GrantFields {
  id: string;
  identity?: string;
  resource?: string;
  access?: string;
  requester?: string;
  purpose?: string;
  expires?: string;
  exception?: string;
  emergency?: string;
}

/** One grant as a YAML sequence item; defaults describe kim asking for read on the payments database. */
export function grant(fields: GrantFields): string {
  const g = {
    identity: 'kim',
    resource: 'aws/prod/payments-db',
    access: 'read',
    requester: 'kim',
    purpose: 'Investigate the failed invoice export of last night',
    expires: '2027-01-05',
    ...fields,
  };
  const lines = [
    `  - id: ${g.id}`,
    `    identity: ${g.identity}`,
    '    identity_type: user',
    `    resource: ${g.resource}`,
    `    access: ${g.access}`,
    `    requester: ${g.requester}`,
    `    purpose: ${g.purpose}`,
    `    expires: ${g.expires}`,
    ...(g.exception ? ['    exception:', `      rationale: ${g.exception}`] : []),
    ...(g.emergency ? ['    emergency:', `      rationale: ${g.emergency}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** A grants file holding these grants. */
export function grantsFile(...grants: string[]): string {
  return grants.length ? `grants:\n${grants.join('')}` : 'grants: []\n';
}

/** A grant already on the base branch, unchanged by the pull requests below. */
export const EXISTING = grant({
  id: 'ops-read-logs',
  identity: 'ops',
  requester: 'ops',
  resource: 'aws/prod/logs',
  expires: '2027-01-20',
});

/** The 1-based number of the first line of `text` whose key (after indentation and `- `) is `key`. */
export function lineOf(text: string, key: string): number {
  const index = text
    .split('\n')
    .findIndex((l) => l.trimStart().replace(/^- /, '').startsWith(`${key}:`));
  if (index < 0) throw new Error(`no ${key}: in the text`);
  return index + 1;
}
