/**
 * JSON as COPY reads it: numbers keep their literal text (a BIGINT id above 2^53 must not be rounded, a decimal
 * must not pass through binary floating point), and values are found with Redshift's JSONPath subset
 * ($.a.b, $['a b'], $[0]).
 */

/** A JSON number, as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseJson(text: string): JsonValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at character ${at + 1}`);
  };
  const space = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  };
  const value = (): JsonValue => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      const object: { [key: string]: JsonValue } = {};
      space();
      if (text[at] === '}') return at++, object;
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a string key');
        const key = string();
        space();
        if (text[at++] !== ':') fail('expected :');
        object[key] = value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return at++, object;
        else fail('expected , or }');
      }
    }
    if (c === '[') {
      at++;
      const array: JsonValue[] = [];
      space();
      if (text[at] === ']') return at++, array;
      for (;;) {
        array.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return at++, array;
        else fail('expected , or ]');
      }
    }
    if (c === '"') return string();
    LITERAL.lastIndex = at;
    const literal = LITERAL.exec(text);
    if (!literal) return fail('unexpected character');
    at += literal[0].length;
    if (literal[0] === 'true') return true;
    if (literal[0] === 'false') return false;
    if (literal[0] === 'null') return null;
    return new JsonNumber(literal[0]);
  };
  const string = (): string => {
    STRING.lastIndex = at;
    const match = STRING.exec(text);
    if (!match) return fail('bad string');
    at += match[0].length;
    // Without escapes the text between the quotes is the value; JSON.parse only where there is something to undo.
    return match[0].includes('\\') ? (JSON.parse(match[0]) as string) : match[0].slice(1, -1);
  };
  const result = value();
  space();
  if (at !== text.length) fail('unexpected text after the value');
  return result;
}

/** Serializes back to JSON text, numbers as written. */
export function jsonText(value: JsonValue): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

type Step = string | number;

/** The steps of a JSONPath in Redshift's notation; throws on anything else (wildcards are not supported). */
export function parseJsonPath(path: string): Step[] {
  if (!path.startsWith('$')) throw new Error(`JSONPath ${JSON.stringify(path)} must start with $`);
  const steps: Step[] = [];
  const step = /\.([A-Za-z_][A-Za-z0-9_]*)|\['([^'\\]+)'\]|\["([^"\\]+)"\]|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const at = step.lastIndex;
    const match = step.exec(path);
    if (!match || match.index !== at) throw new Error(`JSONPath ${JSON.stringify(path)}: cannot read from character ${at + 1}`);
    steps.push(match[4] !== undefined ? Number(match[4]) : (match[1] ?? match[2] ?? match[3]));
  }
  return steps;
}

/** The value at the path, or undefined when any step is missing (COPY then loads NULL). */
export function valueAt(root: JsonValue, steps: readonly Step[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const step of steps) {
    if (current === null || current === undefined || typeof current !== 'object' || current instanceof JsonNumber) return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as { [key: string]: JsonValue })[step];
    }
  }
  return current;
}
