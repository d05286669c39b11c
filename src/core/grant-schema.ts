// The grants file format. This schema is the single source of truth: the TypeScript types,
// the validation and the editor JSON Schema (schemas/grants.schema.json) all come from it.
import { z } from 'zod';
import { DEFAULT_ACCESS_LEVELS } from './policy-schema.js';
import { hasControl, isLogin, isPlaceholder, isTeam, MIN_EXPLANATION } from './text-rules.js';
import { parseInstant } from './time.js';

const MAX_TEXT = 1000;
const MAX_EXPLANATION = 4000;

const line = (what: string) =>
  z
    .string({ error: `${what} must be text (put quotes around a number or a date: "1234")` })
    .max(MAX_TEXT, `${what} is longer than ${MAX_TEXT} characters`)
    .refine((s) => !hasControl(s, false), `${what} holds a control character or line break`);

const explanation = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .max(MAX_EXPLANATION, `${what} is longer than ${MAX_EXPLANATION} characters`)
    .refine((s) => !hasControl(s, true), `${what} holds a control character`);

const login = (what: string) =>
  line(what).refine(
    isLogin,
    `${what} must be a GitHub login (letters, digits, single inner hyphens, at most 39)`,
  );

const rationaleBlock = (what: string) =>
  z.strictObject({
    rationale: explanation(`${what}.rationale`)
      .optional()
      .meta({
        description: `Why this is needed; at least ${MIN_EXPLANATION} characters, not a placeholder.`,
      }),
  });

/** Identity kinds; every kind but `user` needs an accountable `owner`. */
export const IDENTITY_TYPES = ['user', 'service-account', 'bot', 'workload'] as const;

/**
 * Schema of one grant; `accessLevels` come from the policy (the default levels when absent).
 * Two cross-field rules live in grants-file.ts so that they are reported alongside type errors:
 * `owner` is required for non-user identities, and `exception` and `emergency` exclude each other.
 */
export function grantSchema(accessLevels: readonly string[] = DEFAULT_ACCESS_LEVELS) {
  return z.strictObject({
    id: line('id')
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,63}$/,
        'id must be 1–64 of a-z 0-9 . _ - starting with a letter or digit',
      )
      .meta({ description: 'Unique across all grants files.' }),
    identity: line('identity')
      .regex(/^\S+$/, 'identity must be non-empty and hold no whitespace')
      .meta({ description: 'The principal that receives access.' }),
    identity_type: z.enum(IDENTITY_TYPES, {
      error: `identity_type must be one of ${IDENTITY_TYPES.join(', ')}`,
    }),
    owner: line('owner')
      .refine((s) => isLogin(s) || isTeam(s), 'owner must be a login or @org/team')
      .optional()
      .meta({ description: 'Accountable human or team; required for non-user identities.' }),
    resource: line('resource')
      .regex(
        /^[A-Za-z0-9._@:+=-]+(?:\/[A-Za-z0-9._@:+=-]+)*$/,
        'resource must be slash-separated segments of A-Z a-z 0-9 . _ @ : + = -',
      )
      .refine(
        (s) => s.split('/').every((seg) => seg !== '.' && seg !== '..'),
        'resource must not hold . or .. segments',
      )
      .meta({ description: 'Slash-separated path of the resource, e.g. aws/prod/payments-db.' }),
    access: z.enum(accessLevels as [string, ...string[]], {
      error: `access must be one of ${accessLevels.join(', ')}`,
    }),
    requester: login('requester').meta({ description: 'GitHub login of the person asking.' }),
    purpose: explanation('purpose')
      .refine(
        (s) => s.trim().length >= MIN_EXPLANATION && !isPlaceholder(s),
        `purpose must explain the need in at least ${MIN_EXPLANATION} characters, not a placeholder`,
      )
      .meta({ description: `Why access is needed; at least ${MIN_EXPLANATION} characters.` }),
    expires: line('expires')
      .refine(
        (s) => parseInstant(s) !== undefined,
        'expires must be a real date YYYY-MM-DD or an RFC 3339 timestamp with Z or an offset',
      )
      .meta({ description: 'YYYY-MM-DD (00:00 UTC) or an RFC 3339 timestamp with a zone.' }),
    ticket: line('ticket').optional().meta({ description: 'Free reference, e.g. OPS-1234.' }),
    exception: rationaleBlock('exception')
      .optional()
      .meta({ description: "Reason for going past the owners' boundary (one escalation hop)." }),
    emergency: rationaleBlock('emergency')
      .extend({ incident: line('emergency.incident').optional() })
      .optional()
      .meta({ description: 'Break-glass request, approved by the on-call authority.' }),
  });
}

export type Grant = z.infer<ReturnType<typeof grantSchema>>;

/** Schema of a whole grants file. */
export function grantsFileSchema(accessLevels: readonly string[] = DEFAULT_ACCESS_LEVELS) {
  return z.strictObject({ grants: z.array(grantSchema(accessLevels)) });
}
