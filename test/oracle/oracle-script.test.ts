// `npm run oracle`'s options: a count that is not a whole number is refused before anything runs (it used to become
// NaN and an empty plan).
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/oracle.ts';

describe('npm run oracle options', () => {
  it.each([
    [['--arbitrary', 'ten'], '--arbitrary must be an integer of at least 0, got "ten"'],
    [['--mutants', '-1'], '--mutants must be an integer of at least 0, got "-1"'],
    [['--seed', '1.5'], '--seed must be an integer of at least 0, got "1.5"'],
  ])('%j is refused', async (args, message) => {
    const printed: string[] = [];
    await expect(main(args, (line) => printed.push(line))).rejects.toThrow(message);
    expect(printed).toEqual([]);
  });
});
