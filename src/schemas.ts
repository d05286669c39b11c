// JSON Schemas for editors, generated from the zod schemas so the formats are written once.
import { z } from 'zod';
import { grantsFileSchema } from './core/grant-schema.js';
import { policySchema } from './core/policy-schema.js';

/** The JSON Schema documents, by file stem. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    grants: {
      ...z.toJSONSchema(grantsFileSchema(), { io: 'input', unrepresentable: 'any' }),
      title: 'grant-gate grants file',
    },
    policy: {
      ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
      title: 'grant-gate authority policy',
    },
  };
}
