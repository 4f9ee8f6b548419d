// A misspelt option is an error that names the option it was probably meant to be.
import { expect, it } from 'vitest';
import { parseDump } from '../../model/rules/parse.ts';

const rule = (body: string) => `*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT ${body}\nCOMMIT\n`;

it('suggests the nearest known option for a typo', () => {
  const [issue] = parseDump(rule('-p tcp --dportt 80 -j ACCEPT')).issues;
  expect(issue).toMatchObject({ code: 'unknown-option', line: 3, column: 18 });
  expect(issue!.message).toContain('did you mean --dport?');
});

it('suggests nothing when no option is close', () => {
  const [issue] = parseDump(rule('-p tcp --frobnicate 80 -j ACCEPT')).issues;
  expect(issue).toMatchObject({ code: 'unknown-option', line: 3, column: 18 });
  expect(issue!.message).not.toContain('did you mean');
});
