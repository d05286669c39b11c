// The authority policy format. Single source of truth for its types, its validation and the
// editor JSON Schema (schemas/policy.schema.json). Cross-field rules (levels named in limits,
// patterns, re-delegation) are checked where the policy is compiled, with their lines.
import { z } from 'zod';
import { hasControl, isLogin, isTeam } from './text-rules.js';
import { parseDuration, parseInstant } from './time.js';

/** Access levels when the policy names none, lowest first. */
export const DEFAULT_ACCESS_LEVELS: readonly string[] = ['read', 'write', 'admin'];

const owner = z
  .string({ error: 'an owner must be text' })
  .refine(
    (s) => isLogin(s) || isTeam(s),
    'an owner must be a login (dana, @dana) or a team (@org/team)',
  );
const owners = z.array(owner, { error: 'owners must be a list of logins and @org/team' });
const duration = z
  .string({ error: 'a duration must be text such as 90m, 12h, 7d or 2w' })
  .refine(
    (s) => parseDuration(s) !== undefined,
    'a duration is a whole number and a unit m, h, d or w (90m, 12h, 7d, 2w)',
  );
const level = z.string({ error: 'an access level must be text' });
const approvals = z
  .int({ error: 'approvals must be a whole number' })
  .min(1, 'approvals must be at least 1')
  .max(20);
const pattern = z
  .string({ error: 'a pattern must be text' })
  .min(1, 'a pattern must not be empty')
  .max(1000)
  .refine((s) => !hasControl(s, false), 'a pattern holds a control character');

const limits = {
  max_access: level
    .optional()
    .meta({ description: 'Highest access level this authority may approve.' }),
  max_duration: duration
    .optional()
    .meta({ description: 'Longest time-box this authority may approve.' }),
  approvals: approvals
    .optional()
    .meta({ description: 'Distinct eligible approvals required (default 1).' }),
};

export const escalationSchema = z
  .strictObject({
    owners,
    max_access: level,
    max_duration: duration,
    approvals: approvals.optional(),
  })
  .meta({ description: "One hop up, used only past the rule's boundary and with a rationale." });

export const ruleSchema = z.strictObject({
  pattern: pattern.meta({
    description: 'CODEOWNERS-style resource pattern; the last matching rule wins.',
  }),
  owners,
  ...limits,
  escalation: escalationSchema.optional(),
});

export const delegationSchema = z.strictObject({
  to: z.array(owner).min(1, 'a delegation names at least one delegate in to'),
  granted_by: owner,
  pattern,
  max_access: level.optional(),
  max_duration: duration.optional(),
  expires: z
    .string({ error: 'expires must be a date YYYY-MM-DD or an RFC 3339 timestamp' })
    .refine(
      (s) => parseInstant(s) !== undefined,
      'expires must be a date YYYY-MM-DD or an RFC 3339 timestamp',
    )
    .optional(),
});

export const emergencySchema = z.strictObject({
  owners,
  max_access: level,
  max_duration: duration,
  approvals: approvals.optional(),
  post_review: duration
    .optional()
    .meta({ description: 'When the post-approval review is due (default 72h).' }),
});

export const policySchema = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }),
  access_levels: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an access level is a word of letters, digits, _ or -'),
    )
    .min(1, 'access_levels must name at least one level')
    .refine((l) => new Set(l).size === l.length, 'access_levels must not repeat a level')
    .optional()
    .meta({ description: 'Access levels, lowest first (default read, write, admin).' }),
  defaults: z.strictObject(limits).optional(),
  rules: z.array(ruleSchema).min(1, 'rules must hold at least one rule'),
  delegations: z.array(delegationSchema).optional(),
  emergency: emergencySchema.optional(),
});

export type PolicyDocument = z.infer<typeof policySchema>;
