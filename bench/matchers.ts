// Authority resolution throughput: grant-gate's rule index against the linear scan and the
// popular npm CODEOWNERS matchers, all in this process on the same rules and resources.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ignore from 'ignore';
import { compilePattern, type CompiledPattern } from '../src/core/pattern.js';
import { buildRuleIndex, lastMatchLinear } from '../src/core/rule-index.js';
import { median } from './processes.js';

const require = createRequire(import.meta.url);

export interface MatcherResult {
  name: string;
  perSecond: number;
  sampled: number;
}

/** Slow matchers get a prefix of the resources sized to take about this long per run. */
const SAMPLE_SECONDS = 0.5;
const MIN_SAMPLE = 300;
const WARM_UP = 20;

function rate(
  name: string,
  resources: readonly string[],
  runs: number,
  resolve: (r: string) => unknown,
): MatcherResult {
  // Warm up (some matchers compile each rule on first use), then size the sample from a short
  // probe so that every matcher costs about the same time.
  for (const r of resources.slice(0, WARM_UP)) resolve(r);
  const probeStart = process.hrtime.bigint();
  let probed = WARM_UP;
  while (probed < resources.length && Number(process.hrtime.bigint() - probeStart) < 100e6)
    resolve(resources[probed++]!);
  const perSecondGuess = (probed - WARM_UP) / (Number(process.hrtime.bigint() - probeStart) / 1e9);
  const wanted = Math.max(MIN_SAMPLE, Math.ceil(perSecondGuess * SAMPLE_SECONDS));
  const sample = resources.slice(WARM_UP, Math.min(resources.length, WARM_UP + wanted));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    for (const r of sample) resolve(r);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { name, perSecond: sample.length / median(times), sampled: sample.length };
}

/** Resources per second for each matcher; slow peers are measured on a sample of the resources. */
export function compareMatchers(
  patterns: readonly string[],
  resources: readonly string[],
  runs: number,
): MatcherResult[] {
  const compiled = patterns.map((p) => {
    const c = compilePattern(p);
    if (!c.ok) throw new Error(`${p}: ${c.reason}`);
    return c.pattern;
  }) as CompiledPattern[];
  const index = buildRuleIndex(compiled);

  const ignores = patterns.map((p) => ignore().add(p));
  const ignoreScan = (r: string) => {
    for (let i = ignores.length - 1; i >= 0; i--) if (ignores[i]!.ignores(r)) return i;
    return -1;
  };

  const utils = require('codeowners-utils') as {
    parse(text: string): unknown[];
    matchFile(f: string, e: unknown[]): unknown;
  };
  const entries = utils.parse(patterns.map((p, i) => `${p} @owner${i}`).join('\n'));

  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-bench-'));
  const codeowners = join(dir, 'CODEOWNERS');
  writeFileSync(codeowners, patterns.map((p, i) => `${p} @owner${i}`).join('\n'));
  const { OwnershipEngine } =
    require('@snyk/github-codeowners/dist/lib/ownership/OwnershipEngine.js') as {
      OwnershipEngine: {
        FromCodeownersFile(path: string): { calcFileOwnership(f: string): string[] };
      };
    };
  const snyk = OwnershipEngine.FromCodeownersFile(codeowners);
  rmSync(dir, { recursive: true, force: true });

  return [
    rate('grant-gate rule index', resources, runs, (r) => index.lastMatch(r)),
    rate('linear scan (grant-gate matcher, every rule)', resources, runs, (r) =>
      lastMatchLinear(compiled, r),
    ),
    rate('ignore 7, one instance per rule, scan from the last', resources, runs, ignoreScan),
    rate('@snyk/github-codeowners 1.1', resources, runs, (r) => snyk.calcFileOwnership(r)),
    rate('codeowners-utils 1.0 (matchFile)', resources, runs, (r) => utils.matchFile(r, entries)),
  ];
}
