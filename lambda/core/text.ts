/**
 * Text limits: in Unicode code points, cut only between grapheme clusters (messages); or in UTF-8 bytes, cut only
 * between characters (warehouse columns, whose lengths are bytes).
 */

/**
 * Made on first use: the first Intl.Segmenter of a process loads ICU's break-iterator data, which a module-level
 * one would charge to every start of every tool and Lambda that imports this file, most never cutting text.
 */
let graphemes: Intl.Segmenter | undefined;
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
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return kept + ELLIPSIS;
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes that ends on a whole character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
