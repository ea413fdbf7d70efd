/**
 * Numbers as COPY loads them into Redshift's numeric columns, from the literal text (JSON number or string), so
 * that no digit passes through binary floating point on the way.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html
 */

const DECIMAL_LITERAL = /^\s*([-+])?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/;
/** What PostgreSQL's float input takes of a decimal literal; hex, underscores, Infinity and NaN are not numbers here. */
const FLOAT_LITERAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * DECIMAL of 19 digits or fewer is stored as a 64-bit integer: "the largest string that Amazon Redshift can
 * represent as a DECIMAL number is 9223372036854775807" wherever the point is, and the most negative value is
 * its negation.
 */
const INT64_DECIMAL_LIMIT = 2n ** 63n - 1n;

/**
 * A decimal literal as DECIMAL(p,s) text, or undefined when it is not a number or does not fit. Extra decimal
 * places are truncated, as COPY does by default, or rounded half away from zero with ROUNDEC.
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-roundec
 */
export function toDecimal(literal: string, precision: number, scale: number, round: boolean): string | undefined {
  const m = DECIMAL_LITERAL.exec(literal);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const negative = m[1] === '-';
  const digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  const exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0); // value = digits * 10^exponent
  const shift = exponent + scale;
  let scaled: bigint;
  if (shift >= 0) {
    // An exponent this large cannot fit any DECIMAL; refusing it early avoids building a huge number.
    if (shift + digits.length > 80) return undefined;
    scaled = BigInt(digits) * 10n ** BigInt(shift);
  } else if (-shift > digits.length) {
    scaled = 0n; // below half a unit of the last place: zero, truncated or rounded
  } else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    scaled = whole / divisor + (round && (whole % divisor) * 2n >= divisor ? 1n : 0n);
  }
  const limit = precision <= 19 ? INT64_DECIMAL_LIMIT : 10n ** BigInt(precision) - 1n;
  if (scaled >= 10n ** BigInt(precision) || scaled > limit) return undefined;
  const text = scaled.toString().padStart(scale + 1, '0');
  const result = scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text;
  return negative && scaled !== 0n ? `-${result}` : result;
}

/**
 * The literal as REAL or DOUBLE PRECISION input, or why it cannot be one. Values beyond the IEEE 754 single or
 * double range, or so small they would round to zero, are out of range: PostgreSQL refuses them with an error
 * that would end the whole load, so they are found here and rejected as a line.
 */
export function toFloat(literal: string, kind: 'REAL' | 'DOUBLE PRECISION'): { text: string } | { reason: string } {
  const text = literal.trim();
  if (!FLOAT_LITERAL.test(text)) return { reason: 'is not a number' };
  const value = Number(text);
  const stored = kind === 'REAL' ? Math.fround(value) : value;
  const zeroDigits = /^[-+]?[0.]*(?:[eE].*)?$/.test(text);
  if (!Number.isFinite(stored) || (stored === 0 && !zeroDigits)) return { reason: `is out of range for ${kind}` };
  return { text };
}
