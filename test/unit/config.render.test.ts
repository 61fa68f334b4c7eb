import assert from 'node:assert/strict';
import {
  PLAN_FORMAT,
  type Plan,
  type PlannedResource,
  renderPlanMarkdown,
  renderPlanText,
  summaryLine,
} from '../../src/core/config';

/**
 * Where the plan renderer puts what it says (issue 21): a note stays with its resource, under
 * its header and before the next one, and the summary line is the plan text's last line, so
 * nothing a reviewer must read comes after it.
 */

const resource = (
  over: Partial<PlannedResource> & Pick<PlannedResource, 'name' | 'action'>,
): PlannedResource => ({
  type: 'azure-auth',
  index: 0,
  changes: [],
  problems: [],
  notes: [],
  ...over,
});

const plan: Plan = {
  format: PLAN_FORMAT,
  createdAt: '2026-01-01T00:00:00.000Z',
  file: 'team.infisical-azure.json',
  site: 'https://eu.infisical.com',
  organization: { id: 'org-1' },
  replaceCredentials: [],
  resources: [
    resource({
      name: 'changed',
      action: 'update',
      changes: [{ field: 'accessTokenTTL', before: '3600 (1h)', after: '7200 (2h)' }],
      notes: [{ message: 'NOTE-OF-changed' }],
    }),
    ...Array.from({ length: 26 }, (_, i) => resource({ name: `same-${i}`, action: 'none' })),
    resource({
      name: 'in-sync-with-note',
      action: 'none',
      notes: [{ message: 'NOTE-OF-in-sync-with-note' }],
    }),
    resource({ name: 'blocked', action: 'blocked', problems: [{ message: 'PROBLEM-OF-blocked' }] }),
    resource({
      name: 'attached',
      action: 'attach',
      changes: [{ field: 'tenantId', before: '(no Azure Auth)', after: '"t"' }],
      notes: [{ message: 'NOTE-OF-attached' }],
    }),
  ],
};

/** The lines under each resource header (`~ identity "x" …`), up to the next blank line. */
function blocks(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const header = /^[~+!=?] identity "([^"]+)"/.exec(line);
    if (header) {
      current = [];
      found.set(header[1] as string, current);
    } else if (line === '') current = undefined;
    else current?.push(line);
  }
  return found;
}

describe('the plan renderer: notes with their resource, the summary last', () => {
  for (const verbose of [false, true]) {
    it(`text${verbose ? ' (--verbose)' : ''}: each note under its own resource, the summary the last line`, () => {
      const text = renderPlanText(plan, { verbose });
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.at(-1), summaryLine(plan));
      assert.equal(
        summaryLine(plan),
        'Plan: 1 to update, 1 to attach Azure Auth, 27 unchanged, 1 with problems.',
      );
      assert.equal(lines.filter((l) => l === summaryLine(plan)).length, 1);
      const byResource = blocks(text);
      for (const name of ['changed', 'in-sync-with-note', 'attached'])
        assert.deepEqual(
          byResource.get(name)?.filter((l) => l.includes('note:')),
          [`    note: NOTE-OF-${name}`],
          name,
        );
      assert.deepEqual(byResource.get('blocked'), ['    problem: PROBLEM-OF-blocked']);
      const summaryAt = lines.indexOf(summaryLine(plan));
      assert.ok(lines.every((l, i) => !l.includes('NOTE-OF-') || i < summaryAt));
    });
  }

  it('Markdown: each note inside its resource section, before the next heading', () => {
    const md = renderPlanMarkdown(plan);
    for (const name of ['changed', 'in-sync-with-note', 'attached']) {
      const start = md.indexOf(`identity "${name}"`);
      const next = md.indexOf('\n#### ', start);
      const section = md.slice(start, next < 0 ? undefined : next);
      assert.match(section, new RegExp(`> Note: NOTE-OF-${name}`), name);
    }
  });
});
