import { describe, expect, it } from 'vitest';
import { planPrune } from '../../src/core/prune.js';
import { grantBody, grantsFileOf, grantsYaml, lineOfKey, lines, NOW } from './fixtures.js';

const grant = (id: string, expires: string) => grantBody({ id, expires });
const idsIn = (text: string) => {
  const file = grantsFileOf(text);
  expect(file.problems).toEqual([]);
  return file.grants.map((g) => g.id);
};

describe('planPrune removes every grant whose expires is not after now', () => {
  // Spec: prune "removes every grant whose `expires` is not after `now`".
  it.each([
    ['a date before now', '2026-12-01', true],
    ['a date equal to now (00:00 UTC)', '2026-12-03', true],
    ['a timestamp equal to now', '2026-12-03T00:00:00Z', true],
    ['a timestamp one second after now', '2026-12-03T00:00:01Z', false],
    ['an offset timestamp that is before now in UTC', '2026-12-03T01:00:00+02:00', true],
    ['an offset timestamp that is after now in UTC', '2026-12-02T23:00:00-02:00', false],
    ['a date after now', '2026-12-04', false],
  ])('%s: removed %s', (_name, expires, removed) => {
    const text = grantsYaml(grant('keep', '2027-01-01'), grant('probe', expires));
    const plan = planPrune([{ path: 'grants/a.yaml', text }], NOW);
    expect(plan.removed.map((r) => r.id)).toEqual(removed ? ['probe'] : []);
    expect(plan.files.map((f) => f.path)).toEqual(removed ? ['grants/a.yaml'] : []);
    if (removed) expect(idsIn(plan.files[0]!.after)).toEqual(['keep']);
  });
});

describe('planPrune keeps the rest of each file', () => {
  it('removes grants from the middle and the end, leaving the rest byte for byte', () => {
    const before = grantsYaml(
      grant('a', '2027-01-01'),
      grant('b', '2026-01-01'),
      grant('c', '2027-02-01'),
      grant('d', '2025-06-30'),
    );
    const plan = planPrune([{ path: 'grants/a.yaml', text: before }], NOW);
    expect(plan.files).toEqual([
      {
        path: 'grants/a.yaml',
        before,
        after: grantsYaml(grant('a', '2027-01-01'), grant('c', '2027-02-01')),
      },
    ]);
  });

  it('keeps comments, quoting and blank lines outside removed grants', () => {
    const before = lines(
      '# Payments team grants. Reviewed quarterly.',
      '',
      'grants:',
      '  - id: keep-one',
      "    identity: 'svc-exporter'   # quoted on purpose",
      '    expires: "2027-01-01"',
      '',
      '  - id: gone',
      '    identity: svc-old',
      '    expires: 2026-11-30',
      '',
      '  - id: keep-two',
      '    identity: svc-new',
      '    expires: 2027-03-01 # renew in Q1',
      '# end of file',
    );
    const plan = planPrune([{ path: 'grants/a.yaml', text: before }], NOW);
    expect(plan.removed.map((r) => r.id)).toEqual(['gone']);
    const after = plan.files[0]!.after;
    expect(after.startsWith(before.slice(0, before.indexOf('  - id: gone')))).toBe(true);
    expect(after).toContain(
      lines(
        '  - id: keep-two',
        '    identity: svc-new',
        '    expires: 2027-03-01 # renew in Q1',
        '# end of file',
      ),
    );
    expect(after).not.toContain('svc-old');
    expect(idsIn(after)).toEqual(['keep-one', 'keep-two']);
  });

  it('keeps CRLF line ends', () => {
    const before = grantsYaml(grant('a', '2027-01-01'), grant('b', '2026-01-01')).replace(
      /\n/g,
      '\r\n',
    );
    const after = planPrune([{ path: 'grants/a.yaml', text: before }], NOW).files[0]!.after;
    expect(after).toBe(grantsYaml(grant('a', '2027-01-01')).replace(/\n/g, '\r\n'));
  });

  it('leaves a file whose grants all expired holding no grants', () => {
    const before = grantsYaml(grant('a', '2026-01-01'), grant('b', '2026-02-01'));
    const plan = planPrune([{ path: 'grants/a.yaml', text: before }], NOW);
    expect(plan.removed.map((r) => r.id)).toEqual(['a', 'b']);
    expect(idsIn(plan.files[0]!.after)).toEqual([]);
  });
});

describe('planPrune reports what it removed', () => {
  it('names each removed grant with its file, first line and expires as written', () => {
    const a = grantsYaml(grant('live', '2027-01-01'), grant('old', '"2026-11-01"'));
    const b = grantsYaml(grant('stamp', '2026-12-02T10:00:00+01:00'));
    const plan = planPrune(
      [
        { path: 'grants/a.yaml', text: a },
        { path: 'grants/team/b.yml', text: b },
      ],
      NOW,
    );
    expect(plan.removed.map((r) => [r.id, r.file, r.line, r.expires])).toEqual([
      ['old', 'grants/a.yaml', lineOfKey(a, 'id', 2), '2026-11-01'],
      ['stamp', 'grants/team/b.yml', 2, '2026-12-02T10:00:00+01:00'],
    ]);
    expect(plan.files.map((f) => f.path)).toEqual(['grants/a.yaml', 'grants/team/b.yml']);
  });

  it('removes an expired grant even when it breaks other field rules', () => {
    const text = grantsYaml(
      grant('live', '2027-01-01'),
      grantBody({ id: 'sloppy', purpose: 'TBD', expiry: 'x', expires: '2026-01-01' }),
    );
    expect(planPrune([{ path: 'grants/a.yaml', text }], NOW).removed.map((r) => r.id)).toEqual([
      'sloppy',
    ]);
  });

  it('does not remove a grant whose expires cannot be read', () => {
    const text = grantsYaml(grant('unclear', 'soon'), grant('no-zone', '2026-01-01T10:00:00'));
    const plan = planPrune([{ path: 'grants/a.yaml', text }], NOW);
    expect(plan.removed).toEqual([]);
    expect(plan.files).toEqual([]);
  });

  it('leaves a file that does not parse untouched and says so', () => {
    const broken = lines(
      'grants:',
      '  - id: a',
      '    expires: 2020-01-01',
      '    expires: 2020-01-02',
    );
    const plan = planPrune([{ path: 'grants/broken.yaml', text: broken }], NOW);
    expect(plan.removed).toEqual([]);
    expect(plan.files).toEqual([]);
    expect(plan.skipped.map((s) => s.file)).toEqual(['grants/broken.yaml']);
  });

  it('changes nothing when nothing has expired', () => {
    const text = grantsYaml(grant('a', '2027-01-01'));
    expect(
      planPrune(
        [
          { path: 'grants/a.yaml', text },
          { path: 'grants/empty.yaml', text: '' },
        ],
        NOW,
      ),
    ).toEqual({ removed: [], files: [], skipped: [] });
  });
});
