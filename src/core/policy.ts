// Loads the authority policy: YAML, the zod schema, then the cross-field rules, into a compiled
// form that answers "which rule governs this resource" quickly. Any fault makes it invalid.
import { compilePattern, type CompiledPattern } from './pattern.js';
import { DEFAULT_ACCESS_LEVELS, policySchema, type PolicyDocument } from './policy-schema.js';
import { buildRuleIndex, type RuleIndex } from './rule-index.js';
import { normalizeLogin } from './text-rules.js';
import { parseDuration, parseInstant } from './time.js';
import { lineAt, parseYamlTree, toPlain, type YNode } from './yaml-tree.js';
import { issuesToProblems } from './zod-problems.js';

/** Approval limits of one authority. */
export interface Limits {
  /** rank of the highest access level, 0 = lowest */
  maxAccess: number;
  maxDuration: number;
  approvals: number;
}

export interface Escalation extends Limits {
  owners: string[];
  line: number;
}

export interface Rule extends Limits {
  index: number;
  pattern: string;
  matcher: CompiledPattern;
  owners: string[];
  line: number;
  escalation: Escalation | undefined;
}

export interface Delegation {
  to: string[];
  grantedBy: string;
  pattern: string;
  matcher: CompiledPattern;
  maxAccess: number | undefined;
  maxDuration: number | undefined;
  expiresAt: number | undefined;
  line: number;
}

export interface EmergencyAuthority extends Limits {
  owners: string[];
  postReview: number;
  line: number;
}

export interface Policy {
  file: string;
  accessLevels: readonly string[];
  rules: Rule[];
  delegations: Delegation[];
  emergency: EmergencyAuthority | undefined;
  index: RuleIndex;
}

export interface PolicyError {
  message: string;
  line: number;
}

export type PolicyResult =
  { ok: true; policy: Policy } | { ok: false; file: string; errors: PolicyError[] };

const DEFAULT_POST_REVIEW = 72 * 3_600_000;
const TOP_KEYS = ['version', 'access_levels', 'defaults', 'rules', 'delegations', 'emergency'];
const NESTED_KEYS: Record<string, readonly string[]> = {
  defaults: ['max_access', 'max_duration', 'approvals'],
  rules: ['pattern', 'owners', 'max_access', 'max_duration', 'approvals', 'escalation'],
  escalation: ['owners', 'max_access', 'max_duration', 'approvals'],
  delegations: ['to', 'granted_by', 'pattern', 'max_access', 'max_duration', 'expires'],
  emergency: ['owners', 'max_access', 'max_duration', 'approvals', 'post_review'],
};

/** Parses, validates and compiles the policy text read from `file`. */
export function loadPolicy(file: string, text: string): PolicyResult {
  const fail = (errors: PolicyError[]): PolicyResult => ({ ok: false, file, errors });
  const parsed = parseYamlTree(text);
  if (!parsed.ok) return fail([{ message: `${file} ${parsed.message}`, line: parsed.line }]);
  if (parsed.root === null) return fail([{ message: 'the policy is empty', line: 1 }]);
  const root = parsed.root;
  const value = toPlain(root);
  const result = policySchema.safeParse(value);
  if (!result.success) {
    const known = (p: readonly PropertyKey[]) => {
      const last = [...p].reverse().find((s) => typeof s === 'string');
      return last === undefined ? TOP_KEYS : (NESTED_KEYS[String(last)] ?? []);
    };
    return fail(
      issuesToProblems(result.error.issues, value, root, file, known).map((p) => ({
        message: p.message,
        line: p.line,
      })),
    );
  }
  const errors: PolicyError[] = [];
  const policy = compile(file, result.data, root, errors);
  return errors.length ? fail(errors.sort((a, b) => a.line - b.line)) : { ok: true, policy };
}

function compile(file: string, doc: PolicyDocument, root: YNode, errors: PolicyError[]): Policy {
  const levels = doc.access_levels ?? DEFAULT_ACCESS_LEVELS;
  const err = (message: string, path: PropertyKey[]) =>
    errors.push({ message, line: lineAt(root, path) });
  const rank = (name: string | undefined, path: PropertyKey[]): number | undefined => {
    if (name === undefined) return undefined;
    const r = levels.indexOf(name);
    if (r < 0) err(`${name} is not one of the access levels (${levels.join(', ')})`, path);
    return r < 0 ? undefined : r;
  };
  const duration = (text: string | undefined) =>
    text === undefined ? undefined : parseDuration(text);
  const matcher = (source: string, path: PropertyKey[]): CompiledPattern | undefined => {
    const compiled = compilePattern(source);
    if (!compiled.ok)
      err(`pattern ${JSON.stringify(source)} is not supported: ${compiled.reason}`, path);
    return compiled.ok ? compiled.pattern : undefined;
  };

  const defaults = doc.defaults ?? {};
  const rules: Rule[] = [];
  doc.rules.forEach((r, i) => {
    const at = ['rules', i];
    const m = matcher(r.pattern, [...at, 'pattern']);
    const maxAccess = rank(
      r.max_access ?? defaults.max_access,
      r.max_access ? [...at, 'max_access'] : ['defaults', 'max_access'],
    );
    const maxDuration = duration(r.max_duration ?? defaults.max_duration);
    if (maxAccess === undefined && (r.max_access ?? defaults.max_access) === undefined) {
      err(`rule ${JSON.stringify(r.pattern)} has no max_access, and defaults give none`, at);
    }
    if (maxDuration === undefined)
      err(`rule ${JSON.stringify(r.pattern)} has no max_duration, and defaults give none`, at);
    let escalation: Escalation | undefined;
    if (r.escalation) {
      const e = r.escalation;
      const eAccess = rank(e.max_access, [...at, 'escalation', 'max_access']);
      const eDuration = parseDuration(e.max_duration)!;
      if (eAccess !== undefined && maxAccess !== undefined && eAccess < maxAccess) {
        err(
          `the escalation of rule ${JSON.stringify(r.pattern)} allows less access than the rule itself`,
          [...at, 'escalation', 'max_access'],
        );
      }
      if (maxDuration !== undefined && eDuration < maxDuration) {
        err(
          `the escalation of rule ${JSON.stringify(r.pattern)} allows a shorter time than the rule itself`,
          [...at, 'escalation', 'max_duration'],
        );
      }
      escalation = {
        owners: e.owners,
        maxAccess: eAccess ?? -1,
        maxDuration: eDuration,
        approvals: e.approvals ?? 1,
        line: lineAt(root, [...at, 'escalation']),
      };
    }
    if (m && maxAccess !== undefined && maxDuration !== undefined) {
      rules.push({
        index: rules.length,
        pattern: r.pattern,
        matcher: m,
        owners: r.owners,
        line: lineAt(root, at),
        maxAccess,
        maxDuration,
        approvals: r.approvals ?? defaults.approvals ?? 1,
        escalation,
      });
    }
  });
  if (defaults.max_access !== undefined) rank(defaults.max_access, ['defaults', 'max_access']);

  const delegates = new Set((doc.delegations ?? []).flatMap((d) => d.to.map(normalizeLogin)));
  const delegations: Delegation[] = [];
  (doc.delegations ?? []).forEach((d, i) => {
    const at = ['delegations', i];
    if (delegates.has(normalizeLogin(d.granted_by))) {
      err(
        `delegation granted by ${d.granted_by}, who is itself a delegate: authority cannot be re-delegated`,
        [...at, 'granted_by'],
      );
    }
    const m = matcher(d.pattern, [...at, 'pattern']);
    const maxAccess = rank(d.max_access, [...at, 'max_access']);
    if (m) {
      delegations.push({
        to: d.to,
        grantedBy: d.granted_by,
        pattern: d.pattern,
        matcher: m,
        maxAccess,
        maxDuration: duration(d.max_duration),
        expiresAt: d.expires === undefined ? undefined : parseInstant(d.expires),
        line: lineAt(root, at),
      });
    }
  });

  let emergency: EmergencyAuthority | undefined;
  if (doc.emergency) {
    const e = doc.emergency;
    emergency = {
      owners: e.owners,
      maxAccess: rank(e.max_access, ['emergency', 'max_access']) ?? -1,
      maxDuration: parseDuration(e.max_duration)!,
      approvals: e.approvals ?? 1,
      postReview: duration(e.post_review) ?? DEFAULT_POST_REVIEW,
      line: lineAt(root, ['emergency']),
    };
  }
  return {
    file,
    accessLevels: levels,
    rules,
    delegations,
    emergency,
    index: buildRuleIndex(rules.map((r) => r.matcher)),
  };
}
