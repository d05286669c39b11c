// The job summary of mode: prune: the grants that expire within the notice window, and a Mermaid
// gantt chart of the active grants that GitHub can render.
import { describe, expect } from 'vitest';
import { failure, FILES, runPrune, test } from './prune-helpers.js';

describe.concurrent('the prune job summary', () => {
  test('lists the grants expiring within the notice window and charts every active grant', async ({
    repo,
  }) => {
    const gh = await repo();

    // Before anything expired: the summary alone, no pull request.
    const run = await runPrune(gh, {
      now: '2026-11-29T00:00:00Z',
      inputs: { 'notice-window': '3d' },
    });

    expect(run.code, failure(run)).toBe(0);
    expect(run.summary).toContain('#### Expiring within 3d: renew in time');
    expect(run.summary).toContain(
      [
        '| id | requester | resource | expires |',
        '|---|---|---|---|',
        '| `legacy-admin` | carol | gcp/legacy/admin-console | 2026-11-30T17:00:00.000Z |',
        '| `pay-export` | alice | aws/prod/payments-db | 2026-12-01T00:00:00.000Z |',
        '',
      ].join('\n'),
    );
    expect(run.summary).toContain(
      [
        '```mermaid',
        'gantt',
        '  dateFormat YYYY-MM-DD',
        '  axisFormat %m-%d',
        '  section now',
        '  today :milestone, 2026-11-29, 0d',
        '  section grants',
        '  legacy-admin :2026-11-29, 2026-11-30',
        '  pay-export :2026-11-29, 2026-12-01',
        '  ledger-read-bob :2026-11-29, 2026-12-20',
        '  k8s-view :2026-11-29, 2027-03-01',
        '```',
      ].join('\n'),
    );
    expect(gh.writes()).toEqual([]);
  });

  test('names every grant in the chart so that Mermaid reads it as a task, whatever its id', async ({
    repo,
  }) => {
    // Mermaid's gantt lexer takes these as keywords or dates at the start of a line; the
    // chart was checked once with mermaid 11's own parser, which accepts it.
    const ids = [
      'gantt-db',
      'section-9',
      '2027-audit',
      'title',
      'click-ops',
      'accdescr',
      'topaxis',
      'plain-id',
    ];
    const grants = ids.map(
      (id) =>
        `  - { id: ${id}, identity: kim, identity_type: user, resource: aws/dev/x, access: read, requester: kim, purpose: Debugging the dev stack, expires: 2027-01-01 }\n`,
    );
    const gh = await repo({
      ...FILES,
      'grants/odd.yaml': `grants:\n${grants.join('')}`,
      'grants/payments.yaml': 'grants: []\n',
      'grants/legacy.yml': 'grants: []\n',
      'grants/platform.yaml': 'grants: []\n',
    });

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    const chart = /```mermaid\n([\s\S]*?)```/.exec(run.summary)?.[1] ?? '';
    const tasks = chart.split('\n').filter((line) => line.endsWith(', 2027-01-01'));
    expect(tasks).toEqual([
      '  grant gantt-db :2026-12-03, 2027-01-01',
      '  grant section-9 :2026-12-03, 2027-01-01',
      '  grant 2027-audit :2026-12-03, 2027-01-01',
      '  grant title :2026-12-03, 2027-01-01',
      '  grant click-ops :2026-12-03, 2027-01-01',
      '  grant accdescr :2026-12-03, 2027-01-01',
      '  grant topaxis :2026-12-03, 2027-01-01',
      '  plain-id :2026-12-03, 2027-01-01',
    ]);
  });
});
