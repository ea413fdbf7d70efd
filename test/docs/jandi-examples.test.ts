import { readFileSync } from 'node:fs';
import { JANDI_LIMITS } from '../../lambda/core/jandi-message';
import { examplesMarkdown, jandiExamples, README, withExamples } from '../../scripts/jandi-examples';

test('the README shows exactly what the formatting code sends (npm run --silent docs:jandi -- --write updates it)', () => {
  const readme = readFileSync(README, 'utf8');
  expect(withExamples(readme)).toBe(readme);
  expect(readme).toContain(examplesMarkdown());
});

test.each(['ko', 'en'] as const)('every kind is there in %s, within JANDI limits, with a colour', (language) => {
  const examples = jandiExamples(language);
  expect(examples.map((e) => e.title)).toEqual(['A group starts', 'A group stops', 'The warning before a stop', 'A start that failed', 'The daily digest']);
  for (const { message } of examples) {
    expect(message.body.length).toBeLessThanOrEqual(JANDI_LIMITS.body);
    expect(message.connectColor).toMatch(/^#[0-9A-F]{6}$/);
    // Korean examples are Korean (not English with Korean names in it), English ones have no Hangul.
    expect(/[\uAC00-\uD7A3]/.test(message.body)).toBe(language === 'ko');
  }
});

test('a README without the markers is refused, not rewritten', () => {
  expect(() => withExamples('# nothing here')).toThrow('README.md has no');
});
