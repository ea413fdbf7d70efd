/** Text limits measured in Unicode code points and cut only between grapheme clusters. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ELLIPSIS = '…';

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Shortens `text` to at most `maxCodePoints` code points, ending with an ellipsis when cut.
 * Cuts fall between grapheme clusters, so no surrogate pair, Hangul syllable sequence, combining mark,
 * flag or ZWJ emoji sequence is ever split.
 */
export function truncateText(text: string, maxCodePoints: number): string {
  if (codePointLength(text) <= maxCodePoints) return text;
  const budget = maxCodePoints - 1;
  let used = 0;
  let kept = '';
  for (const { segment } of segmenter.segment(text)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return kept + ELLIPSIS;
}
