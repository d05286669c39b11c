// Findings about a valid policy that is probably not what its owners meant.
import type { Policy, Rule } from './policy.js';
import { normalizeLogin } from './text-rules.js';

export interface LintFinding {
  line: number;
  message: string;
}

/** Warns about rules that can never win, expired or unbounded delegations, and hollow escalations. */
export function lintPolicy(policy: Policy, now: number): LintFinding[] {
  const out: LintFinding[] = [];
  for (const rule of policy.rules) {
    const winner = shadowedBy(policy, rule);
    if (winner)
      out.push({
        line: rule.line,
        message: `rule ${rule.pattern} can never win: every resource it matches is matched by a later rule (${winner.pattern} at line ${winner.line})`,
      });
    if (rule.owners.length === 0)
      out.push({
        line: rule.line,
        message: `rule ${rule.pattern} has no owners: requests within its limits can never be approved`,
      });
    const e = rule.escalation;
    if (e && e.maxAccess <= rule.maxAccess && e.maxDuration <= rule.maxDuration) {
      out.push({
        line: e.line,
        message: `the escalation of rule ${rule.pattern} is no higher than the rule itself: it can never be used`,
      });
    }
  }
  const ownersAnywhere = new Set(policy.rules.flatMap((r) => r.owners.map(normalizeLogin)));
  for (const d of policy.delegations) {
    if (d.expiresAt !== undefined && d.expiresAt <= now)
      out.push({
        line: d.line,
        message: `the delegation to ${d.to.join(', ')} has expired; remove it`,
      });
    if (d.expiresAt === undefined)
      out.push({
        line: d.line,
        message: `the delegation to ${d.to.join(', ')} never expires; time-box it with expires`,
      });
    if (!ownersAnywhere.has(normalizeLogin(d.grantedBy)))
      out.push({
        line: d.line,
        message: `${d.grantedBy} owns no rule, so this delegation gives no authority`,
      });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * A later rule that wins every resource the rule matches, found by probing resources built from
 * the rule's own pattern (wildcards filled with a token no pattern is likely to name). A probe
 * is evidence, not proof, which is why this is a warning.
 */
function shadowedBy(policy: Policy, rule: Rule): Rule | undefined {
  let winner: Rule | undefined;
  for (const probe of probes(rule.pattern)) {
    if (!rule.matcher.matches(probe)) continue;
    const index = policy.index.lastMatch(probe);
    if (index === rule.index) return undefined;
    winner ??= policy.rules[index];
  }
  return winner;
}

const FILL = 'zq0';

function probes(pattern: string): string[] {
  const core = pattern.replace(/^\//, '').replace(/\/$/, '');
  const expansions = core === '*' || core === '**' ? [[FILL]] : ([[]] as string[][]);
  if (core !== '*' && core !== '**') {
    for (const segment of core.split('/')) {
      const next: string[][] = [];
      for (const prefix of expansions) {
        if (segment === '**') next.push(prefix, [...prefix, FILL]);
        else next.push([...prefix, segment.replace(/\*+/g, FILL).replace(/\?/g, 'q')]);
      }
      expansions.splice(0, expansions.length, ...next.slice(0, 64));
    }
  }
  const out: string[] = [];
  for (const segs of expansions) {
    if (segs.length === 0) continue;
    const path = segs.join('/');
    out.push(path, `${path}/${FILL}`, `${FILL}/${path}`, `${FILL}/${path}/${FILL}`);
  }
  return out;
}
