import { readFileSync } from 'node:fs';
import { JANDI_LIMITS } from '../../lambda/core/jandi-message';
import { examplesMarkdown, jandiExamples, README, withExamples } from '../../scripts/jandi-examples';

test('the README shows exactly what the formatting code sends (npm run --silent docs:jandi -- --write updates it)', () => {
  const readme = readFileSync(README, 'utf8');
  expect(withExamples(readme)).toBe(readme);
  expect(readme).toContain(examplesMarkdown());
});

test('every kind is there, within JANDI limits, with a colour', () => {
  const examples = jandiExamples();
  expect(examples.map((e) => e.title)).toEqual(['A group starts', 'A group stops', 'The warning before a stop', 'A start that failed', 'The daily digest']);
  for (const { message } of examples) {
    expect(message.body.length).toBeLessThanOrEqual(JANDI_LIMITS.body);
    expect(message.connectColor).toMatch(/^#[0-9A-F]{6}$/);
  }
});

test('a README without the markers is refused, not rewritten', () => {
  expect(() => withExamples('# nothing here')).toThrow('README.md has no');
});
