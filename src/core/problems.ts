/** Codes a grant or a grants file can be stopped with, as the spec names them. */
export const PROBLEM_CODES = [
  'yaml-syntax',
  'file-too-large',
  'missing-field',
  'invalid-field',
  'unknown-field',
  'duplicate-id',
  'expired',
  'requester-mismatch',
  'no-authority',
  'missing-rationale',
  'exceeds-authority',
  'multi-hop',
  'no-eligible-approver',
  'changes-requested',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Codes of findings that inform but never change a decision. */
export const WARNING_CODES = [
  'base-unparsable',
  'unneeded-exception',
  'unconfirmed-team',
  'no-head-commit',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Problem {
  code: ProblemCode;
  message: string;
  file: string;
  line: number;
}

export interface Warning {
  code: WarningCode;
  message: string;
  file: string;
  line: number;
}

/** Builds a problem record; the single place that fixes the field order of the JSON output. */
export function problem(code: ProblemCode, message: string, file: string, line: number): Problem {
  return { code, message, file, line };
}

/** Builds a warning record with the same shape as a problem. */
export function warning(code: WarningCode, message: string, file: string, line: number): Warning {
  return { code, message, file, line };
}
