// `grant-gate prune` as a user runs it: the built CLI on a directory of grants files written by
// hand, each byte outside a removed grant kept (BOM, CRLF, comments, block scalars, flow style,
// a missing final newline).
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');
const NOW = '2026-12-03T00:00:00Z';

const BOM_CRLF =
  '\uFEFF# BOM and CRLF\r\ngrants:\r\n  - id: bom-old\r\n    expires: 2026-01-01\r\n  - id: bom-new\r\n    expires: 2027-01-01\r\n';

const BLOCK = `# Block scalars and comments — café ☕
grants:
  - id: keep-block
    purpose: |+
      Line one of the purpose

    expires: 2027-06-01
  # this comment belongs to the expired grant below
  - id: gone-block
    purpose: >-
      folded text
      that continues
    # a comment inside the grant
    expires: "2026-11-01T00:00:00Z"   # quoted timestamp
  - id: last-keep
    expires: 2026-12-03T00:00:01Z
`;

const FLOW =
  'grants: [ {id: f1, expires: 2026-01-01}, {id: f2, expires: 2028-01-01}, {id: f3, expires: 2025-05-05} ]';

/** Every grant expires (one exactly at now, one at an offset before it), and there is no final newline. */
const ALL_EXPIRE =
  '# wound down\ngrants:\n  - id: at-now\n    expires: 2026-12-03T00:00:00Z\n  - id: offset\n    expires: 2026-12-03T00:30:00+01:00';

const NOT_GRANTS = 'grants:\n  - id: looks-like-a-grant\n    expires: 2020-01-01\n';

const TREE: Record<string, string> = {
  'grants/bom.yaml': BOM_CRLF,
  'grants/team/block.yml': BLOCK,
  'grants/flow.yaml': FLOW,
  'grants/all-expire.yaml': ALL_EXPIRE,
  'policies/authority.yaml': NOT_GRANTS,
  'grants/notes.txt': NOT_GRANTS,
};

const PRUNED: Record<string, string> = {
  ...TREE,
  'grants/bom.yaml':
    '\uFEFF# BOM and CRLF\r\ngrants:\r\n  - id: bom-new\r\n    expires: 2027-01-01\r\n',
  'grants/team/block.yml': `# Block scalars and comments — café ☕
grants:
  - id: keep-block
    purpose: |+
      Line one of the purpose

    expires: 2027-06-01
  - id: last-keep
    expires: 2026-12-03T00:00:01Z
`,
  'grants/flow.yaml': 'grants: [ {id: f2, expires: 2028-01-01} ]',
  'grants/all-expire.yaml': '# wound down\ngrants: []\n',
};

const REMOVED = [
  { id: 'at-now', file: 'grants/all-expire.yaml', line: 3, expires: '2026-12-03T00:00:00Z' },
  { id: 'offset', file: 'grants/all-expire.yaml', line: 5, expires: '2026-12-03T00:30:00+01:00' },
  { id: 'bom-old', file: 'grants/bom.yaml', line: 3, expires: '2026-01-01' },
  { id: 'f1', file: 'grants/flow.yaml', line: 1, expires: '2026-01-01' },
  { id: 'f3', file: 'grants/flow.yaml', line: 1, expires: '2025-05-05' },
  { id: 'gone-block', file: 'grants/team/block.yml', line: 9, expires: '2026-11-01T00:00:00Z' },
];
const CHANGED = [
  'grants/all-expire.yaml',
  'grants/bom.yaml',
  'grants/flow.yaml',
  'grants/team/block.yml',
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-prune-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every file under `dir`, byte for byte. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function prune(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, 'prune', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('grant-gate prune', () => {
  it('removes every grant whose expires is not after now and keeps every other byte of every file', () => {
    const dir = writeTree(TREE);

    const run = prune('--dir', dir, '--now', NOW, '--format', 'json');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ removed: REMOVED, files: CHANGED });
    expect(readTree(dir)).toEqual(PRUNED);
  });

  it('turns a file whose every grant expired into grants: [] with its comments kept', () => {
    const dir = writeTree({ 'grants/all-expire.yaml': ALL_EXPIRE });

    const run = prune('--dir', dir, '--now', NOW, '--format', 'json');

    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'grants/all-expire.yaml'), 'utf8')).toBe(
      '# wound down\ngrants: []\n',
    );
  });

  it('changes nothing with --dry-run and reports what it would remove', () => {
    const dir = writeTree(TREE);

    const json = prune('--dir', dir, '--now', NOW, '--dry-run', '--format', 'json');
    const text = prune('--dir', dir, '--now', NOW, '--dry-run');

    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ removed: REMOVED, files: CHANGED });
    expect(text.stdout.trim().split('\n')).toEqual(
      REMOVED.map((r) => `would remove ${r.id} (expired ${r.expires}) from ${r.file}:${r.line}`),
    );
    expect(readTree(dir)).toEqual(TREE);
  });

  it('prints one line per removed grant, and says so when nothing has expired', () => {
    const dir = writeTree(TREE);

    const first = prune('--dir', dir, '--now', NOW);
    const second = prune('--dir', dir, '--now', NOW, '--format', 'json');

    expect(first.stdout.trim().split('\n')).toEqual(
      REMOVED.map((r) => `removed ${r.id} (expired ${r.expires}) from ${r.file}:${r.line}`),
    );
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ removed: [], files: [] });
    expect(prune('--dir', dir, '--now', NOW).stdout.trim()).toBe('nothing has expired');
    expect(readTree(dir)).toEqual(PRUNED);
  });

  it('reads only the grants files the --grants glob names', () => {
    const dir = writeTree(TREE);

    const run = prune(
      '--dir',
      dir,
      '--now',
      NOW,
      '--grants',
      'grants/flow.yaml',
      '--format',
      'json',
    );

    expect(JSON.parse(run.stdout)).toEqual({
      removed: REMOVED.filter((r) => r.file === 'grants/flow.yaml'),
      files: ['grants/flow.yaml'],
    });
    expect(readTree(dir)).toEqual({ ...TREE, 'grants/flow.yaml': PRUNED['grants/flow.yaml'] });
  });

  it('leaves a file it cannot parse as it is, prunes the others, and exits 1 naming the file and line', () => {
    const broken = 'grants:\n  - id: x\n    expires: [unclosed\n';
    const dir = writeTree({ ...TREE, 'grants/broken.yaml': broken });

    const run = prune('--dir', dir, '--now', NOW, '--format', 'json');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^grant-gate: grants\/broken\.yaml:3: left unchanged: /);
    expect(JSON.parse(run.stdout)).toEqual({ removed: REMOVED, files: CHANGED });
    expect(readTree(dir)).toEqual({ ...PRUNED, 'grants/broken.yaml': broken });
  });

  it.each([
    ['no --dir', ['--now', NOW]],
    ['a --now without a zone', ['--dir', '<dir>', '--now', '2026-12-03T00:00:00']],
    ['an unknown --format', ['--dir', '<dir>', '--now', NOW, '--format', 'yaml']],
  ])('exits 2 and changes nothing on bad usage: %s', (_name, args) => {
    const dir = writeTree(TREE);

    const run = prune(...args.map((a) => (a === '<dir>' ? dir : a)));

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^grant-gate: /);
    expect(readTree(dir)).toEqual(TREE);
  });
});
