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
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold unescaped control characters.
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
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a string key');
        const key = string();
        space();
        if (text[at++] !== ':') fail('expected :');
        object[key] = value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return object;
        } else fail('expected , or }');
      }
    }
    if (c === '[') {
      at++;
      const array: JsonValue[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return array;
        } else fail('expected , or ]');
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
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export type Step = string | number;

const STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\['([^'\\]+)'\]|\["([^"\\]+)"\]|\[(\d+)\]/y;
const DOT_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The steps of a JSONPath in Redshift's notation; throws on anything else (wildcards are not supported). */
export function parseJsonPath(path: string): Step[] {
  return scanJsonPath(path).steps;
}

/**
 * Which notation a path is written in. Array indices belong to both, so `$[0]` or `$` alone fits either; a path
 * with both `.key` and `['key']` steps is mixed.
 */
export function jsonPathNotation(path: string): 'dot' | 'bracket' | 'either' | 'mixed' {
  const { dot, bracket } = scanJsonPath(path);
  return dot && bracket ? 'mixed' : dot ? 'dot' : bracket ? 'bracket' : 'either';
}

function scanJsonPath(path: string): { steps: Step[]; dot: boolean; bracket: boolean } {
  if (!path.startsWith('$')) throw new Error(`JSONPath ${JSON.stringify(path)} must start with $`);
  const steps: Step[] = [];
  let dot = false;
  let bracket = false;
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(path);
    if (!match || match.index !== at) throw new Error(`JSONPath ${JSON.stringify(path)}: cannot read from character ${at + 1}`);
    if (match[1] !== undefined) dot = true;
    if (match[2] !== undefined || match[3] !== undefined) bracket = true;
    steps.push(match[4] !== undefined ? Number(match[4]) : (match[1] ?? match[2] ?? match[3]));
  }
  return { steps, dot, bracket };
}

/** The path in one notation; a key that dot notation cannot spell needs bracket notation. */
export function formatJsonPath(steps: readonly Step[], notation: 'dot' | 'bracket'): string {
  return `$${steps
    .map((step) => {
      if (typeof step === 'number') return `[${step}]`;
      if (notation === 'bracket') return `['${step}']`;
      if (!DOT_KEY.test(step)) throw new Error(`the key ${JSON.stringify(step)} needs bracket notation`);
      return `.${step}`;
    })
    .join('')}`;
}

/** Whether dot notation can spell every key of the path. */
export function dotSpellable(steps: readonly Step[]): boolean {
  return steps.every((step) => typeof step === 'number' || DOT_KEY.test(step));
}

/**
 * Refuses a JSONPaths array that mixes notations, which Redshift's COPY refuses ("You can't mix bracket notation
 * and dot notation in the jsonpaths array").
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html
 */
export function checkJsonPathsNotation(paths: readonly string[]): void {
  const notations = paths.map(jsonPathNotation);
  const mixed = paths[notations.indexOf('mixed')];
  const bracket = mixed ?? paths[notations.indexOf('bracket')];
  const dot = mixed ?? paths[notations.indexOf('dot')];
  if (bracket !== undefined && dot !== undefined) throw new Error(`JSONPaths cannot mix bracket notation (${bracket}) and dot notation (${dot})`);
}

/** COPY's error for an index step that finds no array element; it fails the COPY as a whole. */
export class JsonPathIndexError extends Error {
  constructor() {
    super('Invalid JSONPath format: Not an array or index out of range');
  }
}

/**
 * The value at the path, or undefined when an object element on the way is missing (COPY then loads NULL).
 * An index step on anything but an array long enough, JSON null included, throws JsonPathIndexError.
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-jsonpath-expressions
 */
export function valueAt(root: JsonValue, steps: readonly Step[]): JsonValue | undefined {
  let current: JsonValue = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) throw new JsonPathIndexError();
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || current instanceof JsonNumber) return undefined;
      if (!Object.hasOwn(current, step)) return undefined;
      current = current[step];
    }
  }
  return current;
}
