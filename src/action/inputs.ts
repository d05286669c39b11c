// The action's inputs (action.yml), read and checked once.
import * as core from '@actions/core';
import { DEFAULT_GRANTS_GLOB } from '../core/glob.js';
import { parseDuration, parseInstant } from '../core/time.js';

export interface Inputs {
  mode: 'gate' | 'prune';
  token: string;
  policy: string;
  grants: string;
  statusContext: string;
  requestReviews: boolean;
  comment: boolean;
  pruneBranch: string;
  noticeWindow: number;
  /** fixed instant for tests; the clock otherwise */
  now: number;
}

/** Raised for an input that cannot be used; the run fails with this message. */
export class InputError extends Error {
  override name = 'InputError';
}

function bool(name: string): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`input ${name} must be true or false, not ${value}`);
}

/** Reads every input, failing on the first bad one. */
export function readInputs(): Inputs {
  const mode = core.getInput('mode').trim() || 'gate';
  if (mode !== 'gate' && mode !== 'prune')
    throw new InputError(`input mode must be gate or prune, not ${mode}`);
  const token = core.getInput('token');
  if (!token)
    throw new InputError('input token is empty: pass a token (the default is github.token)');
  core.setSecret(token);
  const nowText = core.getInput('now').trim();
  const now = nowText ? parseInstant(nowText) : Date.now();
  if (now === undefined)
    throw new InputError(
      `input now must be a date or an RFC 3339 timestamp with a zone, not ${nowText}`,
    );
  const windowText = core.getInput('notice-window').trim() || '7d';
  const noticeWindow = parseDuration(windowText);
  if (noticeWindow === undefined)
    throw new InputError(`input notice-window must be a duration such as 7d, not ${windowText}`);
  const statusContext = core.getInput('status-context').trim() || 'grant-gate';
  return {
    mode,
    token,
    policy: core.getInput('policy').trim() || 'policies/authority.yaml',
    grants: core.getInput('grants').trim() || DEFAULT_GRANTS_GLOB,
    statusContext,
    requestReviews: bool('request-reviews'),
    comment: bool('comment'),
    pruneBranch: core.getInput('prune-branch').trim() || 'grant-gate/prune-expired',
    noticeWindow,
    now,
  };
}
