import { codePointLength, truncateText } from '../../lambda/core/text';

describe('truncateText', () => {
  test('leaves text within the limit alone', () => {
    expect(truncateText('hello', 5)).toBe('hello');
    expect(truncateText('', 3)).toBe('');
  });

  test('cuts ASCII and marks the cut with an ellipsis inside the limit', () => {
    const cut = truncateText('abcdefghij', 5);
    expect(cut).toBe('abcd…');
    expect(codePointLength(cut)).toBe(5);
  });

  test('counts code points, not UTF-16 units: emoji are one each', () => {
    expect(truncateText('😀😀😀', 3)).toBe('😀😀😀');
    expect(truncateText('😀😀😀😀', 3)).toBe('😀😀…');
  });

  test('never splits a surrogate pair, even at an odd UTF-16 position', () => {
    const cut = truncateText('a😀😀😀', 3);
    expect(cut).toBe('a😀…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('Korean syllables are kept whole, precomposed or as jamo sequences', () => {
    expect(truncateText('데이터 플랫폼 알림', 6)).toBe('데이터 플…');
    const jamo = '\u1112\u1161\u11AB\u1100\u1173\u11AF'; // 한글 as conjoining jamo: two graphemes, six code points
    expect(truncateText(`${jamo}x`, 5)).toBe('\u1112\u1161\u11AB…');
  });

  test('keeps ZWJ emoji sequences, flags and combining marks whole', () => {
    const family = '👨‍👩‍👧'; // 5 code points, one grapheme
    expect(truncateText(`${family}${family}`, 8)).toBe(`${family}…`);
    expect(truncateText('🇰🇷🇰🇷', 3)).toBe('🇰🇷…');
    expect(truncateText('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…');
  });

  test('when the first grapheme does not fit, only the ellipsis remains', () => {
    expect(truncateText('👨‍👩‍👧 family', 3)).toBe('…');
  });
});

describe('loading text.ts', () => {
  test('makes no Intl.Segmenter until text is cut (ICU data costs every start of every tool ~10 ms)', () => {
    const Original = Intl.Segmenter;
    let made = 0;
    Object.defineProperty(Intl, 'Segmenter', {
      configurable: true,
      writable: true,
      value: class extends Original {
        constructor(...args: ConstructorParameters<typeof Original>) {
          super(...args);
          made++;
        }
      },
    });
    try {
      jest.isolateModules(() => {
        const fresh = require('../../lambda/core/text') as typeof import('../../lambda/core/text');
        expect(made).toBe(0);
        expect(fresh.truncateText('short', 10)).toBe('short');
        expect(made).toBe(0);
        expect(fresh.truncateText('abcdefghij', 5)).toBe('abcd…');
        expect(fresh.truncateText('klmnopqrst', 5)).toBe('klmn…');
        expect(made).toBe(1);
      });
    } finally {
      Object.defineProperty(Intl, 'Segmenter', { configurable: true, writable: true, value: Original });
    }
  });
});
