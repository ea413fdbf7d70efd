/**
 * Checks one area of the message catalogue: both languages have the same entries, every entry has sample
 * arguments (the Samples type makes a missing one a compile error), and every sample renders in both languages
 * to text that reads as that language, with no hole where a value should be.
 */
import { LANGUAGES, type Language } from '../../lambda/core/messages/language';

type Entry = string | ((...args: never[]) => string);

/** For every entry: the argument lists to render it with (variants: one, many, with and without options). */
export type Samples<T> = { readonly [K in keyof T]-?: T[K] extends (...args: infer A) => string ? readonly A[] : null };

const HANGUL = /[\uAC00-\uD7A3]/;
const HOLE = /undefined|NaN|\[object Object\]|\bnull\b|Invalid Date/;

/** Strings a sample passes in (names, errors, Korean holiday names), removed before asking which language the text is in. */
function argumentStrings(args: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  args.forEach(walk);
  return out.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

export interface Rendered {
  readonly key: string;
  readonly language: Language;
  readonly text: string;
}

/** Renders every sample of every entry in both languages; the caller's `it` blocks assert on the result. */
export function renderArea<T extends object>(area: Readonly<Record<Language, T>>, samples: Samples<T>): Rendered[] {
  const rendered: Rendered[] = [];
  for (const language of LANGUAGES) {
    for (const [key, entry] of Object.entries(area[language]) as [string, Entry][]) {
      const argLists = (samples as Record<string, readonly unknown[][] | null>)[key];
      if (typeof entry === 'string') rendered.push({ key, language, text: entry });
      else for (const args of argLists ?? []) rendered.push({ key, language, text: (entry as (...a: unknown[]) => string)(...args) });
    }
  }
  return rendered;
}

/** The jest checks for one catalogue area; call inside a describe block. */
export function describeCatalogueArea<T extends object>(area: Readonly<Record<Language, T>>, samples: Samples<T>): void {
  it('has the same entries in Korean and English, each with samples', () => {
    const keys = (language: Language) => Object.keys(area[language]).sort();
    expect(keys('ko')).toEqual(keys('en'));
    expect(Object.keys(samples).sort()).toEqual(keys('en'));
    for (const [key, entry] of Object.entries(area.en) as [string, Entry][]) {
      const argLists = (samples as Record<string, readonly unknown[][] | null>)[key];
      if (typeof entry === 'function') expect({ key, samples: (argLists?.length ?? 0) > 0 }).toEqual({ key, samples: true });
    }
  });

  it('renders every entry in both languages without holes, Korean in Hangul and English without', () => {
    const problems: string[] = [];
    const sampleOf = (key: string) => (samples as Record<string, readonly unknown[][] | null>)[key] ?? [];
    for (const { key, language, text } of renderArea(area, samples)) {
      if (text.trim() === '') problems.push(`${language}.${key}: empty`);
      if (HOLE.test(text)) problems.push(`${language}.${key}: ${JSON.stringify(text)} has a hole`);
      let own = text;
      for (const arg of argumentStrings(sampleOf(key))) own = own.split(arg).join(' ');
      if (language === 'ko' && !HANGUL.test(own)) problems.push(`ko.${key}: ${JSON.stringify(text)} has no Korean of its own`);
      if (language === 'en' && HANGUL.test(own)) problems.push(`en.${key}: ${JSON.stringify(text)} has Korean in it`);
    }
    expect(problems).toEqual([]);
  });
}
