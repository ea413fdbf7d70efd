/**
 * What the bot logs about a request is capped field by field: the Function URL is public, and a writer name, topic
 * or command of kilobytes would otherwise be copied whole into every log line (and the log bill). Pure.
 */

/** The longest text, in UTF-16 units (what JavaScript and the JSON logs count), any logged field may have. */
export const LOG_FIELD_CAP = 200;

export type LogValue = string | number | boolean | null;

function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  let kept = 0;
  // Whole code points only, so a cut never leaves half of a surrogate pair.
  for (const character of text) {
    if (kept + character.length > cap - 1) break;
    kept += character.length;
  }
  return `${text.slice(0, kept)}…`;
}

/** A value as it may be logged: numbers, booleans and null as they are; anything else as text of at most `cap`. */
export function capLogValue(value: unknown, cap = LOG_FIELD_CAP): LogValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return capText(value, cap);
  if (value instanceof Error) return capText(value.message, cap);
  if (typeof value === 'object') {
    let text: string;
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
    return capText(text, cap);
  }
  return capText(String(value), cap);
}

/** The fields with every value capped (see capLogValue); undefined ones left out. */
export function cappedLogFields(fields: Readonly<Record<string, unknown>>, cap = LOG_FIELD_CAP): Record<string, LogValue> {
  const capped: Record<string, LogValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    const logged = capLogValue(value, cap);
    if (logged !== undefined) capped[key] = logged;
  }
  return capped;
}
