import { describe, expect, it } from 'vitest';
import {
  currentReviewStates,
  eligibility,
  pullRequestExclusions,
  tally,
} from '../../src/core/approvals.js';
import type { Review } from '../../src/core/pull-request.js';
import { commit, HEAD_SHA, OLD_SHA, review } from './fixtures.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString();
const r = (login: string, state: string, minute: number, sha = HEAD_SHA, type?: string): Review =>
  review(login, state, sha, at(minute), type);

function states(reviews: Review[]): Record<string, string> {
  return Object.fromEntries([...currentReviewStates(reviews)].map(([key, s]) => [key, s.state]));
}

describe('currentReviewStates: each person has their latest deciding review', () => {
  // Spec: "Each person's state is their latest review that is APPROVED, CHANGES_REQUESTED or
  // DISMISSED (dismissed clears it); COMMENTED and PENDING change nothing."
  it.each([
    ['an approval', [r('erin', 'APPROVED', 1)], { erin: 'APPROVED' }],
    [
      'a change request after an approval',
      [r('erin', 'APPROVED', 1), r('erin', 'CHANGES_REQUESTED', 2)],
      { erin: 'CHANGES_REQUESTED' },
    ],
    [
      'an approval after a change request',
      [r('erin', 'CHANGES_REQUESTED', 1), r('erin', 'APPROVED', 2)],
      { erin: 'APPROVED' },
    ],
    [
      'a comment after an approval changes nothing',
      [r('erin', 'APPROVED', 1), r('erin', 'COMMENTED', 2)],
      { erin: 'APPROVED' },
    ],
    [
      'a comment after a change request changes nothing',
      [r('erin', 'CHANGES_REQUESTED', 1), r('erin', 'COMMENTED', 2)],
      { erin: 'CHANGES_REQUESTED' },
    ],
    [
      'a pending review changes nothing',
      [r('erin', 'APPROVED', 1), r('erin', 'PENDING', 2)],
      { erin: 'APPROVED' },
    ],
    ['a comment alone is no state', [r('erin', 'COMMENTED', 1)], {}],
    ['a dismissal clears an approval', [r('erin', 'APPROVED', 1), r('erin', 'DISMISSED', 2)], {}],
    [
      'a dismissal clears a change request',
      [r('erin', 'CHANGES_REQUESTED', 1), r('erin', 'DISMISSED', 2)],
      {},
    ],
    [
      'an approval after a dismissal counts',
      [r('erin', 'CHANGES_REQUESTED', 1), r('erin', 'DISMISSED', 2), r('erin', 'APPROVED', 3)],
      { erin: 'APPROVED' },
    ],
    [
      'people keep separate states',
      [r('erin', 'APPROVED', 1), r('frank', 'CHANGES_REQUESTED', 2)],
      { erin: 'APPROVED', frank: 'CHANGES_REQUESTED' },
    ],
    [
      'logins compare case-insensitively',
      [r('Erin', 'APPROVED', 1), r('erin', 'CHANGES_REQUESTED', 2)],
      { erin: 'CHANGES_REQUESTED' },
    ],
    [
      'the latest review wins even when listed first',
      [r('erin', 'APPROVED', 5), r('erin', 'CHANGES_REQUESTED', 1)],
      { erin: 'APPROVED' },
    ],
    ['a bot by type never counts', [r('helper', 'APPROVED', 1, HEAD_SHA, 'Bot')], {}],
    ['a bot by [bot] login never counts', [r('renovate[bot]', 'APPROVED', 1)], {}],
    ['a bot by [bot] login in capitals never counts', [r('Renovate[BOT]', 'APPROVED', 1)], {}],
    [
      'a review of a deleted user is ignored',
      [{ user: null, state: 'APPROVED', commit_id: HEAD_SHA, submitted_at: at(1) }],
      {},
    ],
  ] as Array<[string, Review[], Record<string, string>]>)('%s', (_name, reviews, expected) => {
    expect(states(reviews)).toEqual(expected);
  });

  it('keeps the commit of the latest review', () => {
    const s = currentReviewStates([
      r('erin', 'APPROVED', 1, OLD_SHA),
      r('erin', 'APPROVED', 2, HEAD_SHA),
    ]);
    expect(s.get('erin')?.commitId).toBe(HEAD_SHA);
  });
});

describe('pullRequestExclusions: the author and everyone who wrote a commit', () => {
  it.each([
    ['the author alone when commits are unknown', 'Alice', undefined, ['alice']],
    [
      'commit authors and committers, lower-cased',
      'alice',
      [commit('Bob', 'Carol'), commit('dana')],
      ['alice', 'bob', 'carol', 'dana'],
    ],
    ['commits without a GitHub user add no one', 'alice', [commit(null, null)], ['alice']],
    ['a leading @ on the author is ignored', '@Alice', [], ['alice']],
  ] as const)('%s', (_name, author, commits, expected) => {
    expect([...pullRequestExclusions(author, commits as never)].sort()).toEqual(
      [...expected].sort(),
    );
  });
});

describe('eligibility: who may approve once teams expand and excluded people leave', () => {
  const teams = new Map<string, readonly string[]>([
    ['acme/prod-owners', ['Erin', 'frank', 'alice']],
    ['acme/empty', []],
  ]);

  it.each([
    [
      'team members and logins are eligible',
      ['@acme/prod-owners', 'dana'],
      [],
      ['alice', 'dana', 'erin', 'frank'],
      [],
    ],
    [
      'excluded people leave teams and login lists',
      ['@acme/prod-owners', 'Dana'],
      ['alice', 'dana'],
      ['erin', 'frank'],
      [],
    ],
    [
      'team slugs compare case-insensitively',
      ['@ACME/Prod-Owners'],
      [],
      ['alice', 'erin', 'frank'],
      [],
    ],
    ['a login written twice counts once', ['dana', '@Dana', 'DANA'], [], ['dana'], []],
    [
      'a team the directory does not name is unknown',
      ['@acme/ghosts', 'dana'],
      [],
      ['dana'],
      ['@acme/ghosts'],
    ],
    ['an empty team is known and holds no one', ['@acme/empty'], [], [], []],
  ] as Array<[string, string[], string[], string[], string[]]>)(
    '%s',
    (_name, entries, excluded, people, unknown) => {
      const result = eligibility(entries, new Set(excluded), teams);
      expect([...result.people].sort()).toEqual(people);
      expect(result.unknownTeams).toEqual(unknown);
    },
  );
});

describe('tally: approvals of the head commit by eligible people', () => {
  const people = new Set(['erin', 'frank']);

  it.each([
    ['an eligible approval of the head commit counts', [r('erin', 'APPROVED', 1)], ['erin'], []],
    ['an approval of an earlier commit is stale', [r('erin', 'APPROVED', 1, OLD_SHA)], [], []],
    ['an approval by someone not eligible does not count', [r('mallory', 'APPROVED', 1)], [], []],
    [
      'two eligible approvals both count',
      [r('erin', 'APPROVED', 1), r('frank', 'APPROVED', 2)],
      ['erin', 'frank'],
      [],
    ],
    [
      'a change request by an eligible person blocks, whatever its commit',
      [r('frank', 'CHANGES_REQUESTED', 1, OLD_SHA)],
      [],
      ['frank'],
    ],
    [
      'a change request by someone not eligible does not block',
      [r('mallory', 'CHANGES_REQUESTED', 1)],
      [],
      [],
    ],
    [
      'a dismissed change request no longer blocks',
      [r('frank', 'CHANGES_REQUESTED', 1), r('frank', 'DISMISSED', 2)],
      [],
      [],
    ],
    ['a bot approval never counts', [r('erin', 'APPROVED', 1, HEAD_SHA, 'Bot')], [], []],
    [
      'an eligible login approving in another case counts',
      [r('ERIN', 'APPROVED', 1)],
      ['erin'],
      [],
    ],
  ] as Array<[string, Review[], string[], string[]]>)(
    '%s',
    (_name, reviews, approved, blocking) => {
      const result = tally(currentReviewStates(reviews), people, HEAD_SHA);
      expect(result.approvedBy.map((s) => s.login.toLowerCase()).sort()).toEqual(approved);
      expect(result.changesRequestedBy.map((s) => s.login.toLowerCase())).toEqual(blocking);
    },
  );

  it('counts nothing when the head commit is unknown', () => {
    expect(
      tally(currentReviewStates([r('erin', 'APPROVED', 1)]), people, undefined).approvedBy,
    ).toEqual([]);
  });

  it('counts an approval that a push made stale only after a new approval of the head', () => {
    const stale = [r('erin', 'APPROVED', 1, OLD_SHA)];
    expect(tally(currentReviewStates(stale), people, HEAD_SHA).approvedBy).toHaveLength(0);
    const renewed = [...stale, r('erin', 'APPROVED', 2, HEAD_SHA)];
    expect(tally(currentReviewStates(renewed), people, HEAD_SHA).approvedBy).toHaveLength(1);
  });
});
