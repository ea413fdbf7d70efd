/**
 * The replay's converter against Redshift's documented COPY behaviour for numbers, empty values and JSONPaths.
 * Each test names the Developer Guide page it follows.
 */
import { parseCopyOptions } from '../../lambda/firehose/core/copy';
import { checkJsonPathsNotation } from '../../lambda/firehose/core/json-values';
import { createLineConverter } from '../../lambda/firehose/core/replay';
import { jsonPathsDocument, type DeclaredColumn } from '../../lambda/firehose/core/table-schema';

const CONVERSION = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html';
const NUMERIC = 'https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html';
const FORMAT = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html';
const FROM_JSON = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html';

const converter = (columns: DeclaredColumn[], options = '') => createLineConverter(columns, parseCopyOptions(options));
const line = (c: ReturnType<typeof converter>, text: string) => c.convert(Buffer.from(text, 'utf8'));

describe('numbers', () => {
  const price = [{ name: 'price', type: 'DECIMAL(8,2)' }];

  test(`extra decimal places are truncated by default and rounded with ROUNDEC (${CONVERSION}#copy-roundec)`, () => {
    expect(parseCopyOptions('ROUNDEC').roundDecimals).toBe(true);
    expect(parseCopyOptions('').roundDecimals).toBe(false);
    const truncating = converter(price);
    const rounding = converter(price, 'ROUNDEC');
    expect(line(truncating, '{"price":20.259}')).toEqual({ values: ['20.25'] });
    expect(line(rounding, '{"price":20.259}')).toEqual({ values: ['20.26'] });
    expect(line(truncating, '{"price":"-20.259"}')).toEqual({ values: ['-20.25'] });
    expect(line(rounding, '{"price":"-20.255"}')).toEqual({ values: ['-20.26'] });
    expect(line(truncating, '{"price":-0.009}')).toEqual({ values: ['0.00'] });
    expect(line(truncating, '{"price":2.5e-1}')).toEqual({ values: ['0.25'] });
  });

  // DECIMAL of 19 digits or fewer is a 64-bit integer, so its largest value is 9223372036854775807 wherever the
  // point is; the maximum precision is 38.
  test.each([
    ['DECIMAL(19,0)', '9223372036854775807', '9223372036854775807'],
    ['DECIMAL(19,0)', '-9223372036854775807', '-9223372036854775807'],
    ['DECIMAL(19,0)', '9223372036854775808', undefined],
    ['DECIMAL(19,0)', '9999999999999999999', undefined],
    ['DECIMAL(19,18)', '9.223372036854775807', '9.223372036854775807'],
    ['DECIMAL(19,18)', '9.223372036854775808', undefined],
    ['DECIMAL(38,0)', '9'.repeat(38), '9'.repeat(38)],
    ['DECIMAL(38,0)', `1${'0'.repeat(38)}`, undefined],
    ['DECIMAL(5,2)', '999.999', '999.99'],
    ['DECIMAL(5,2)', '-1000', undefined],
  ])(`%s takes %s as %s (${NUMERIC}#r_Numeric_types201-decimal-or-numeric-type)`, (type, value, expected) => {
    const result = line(converter([{ name: 'n', type }]), `{"n":${value}}`);
    if (expected === undefined) expect(result).toEqual({ rejected: `column n (DECIMAL): ${value} is not a number that fits ${type}` });
    else expect(result).toEqual({ values: [expected] });
  });

  test(`with ROUNDEC a value that rounds past the precision is rejected (${CONVERSION}#copy-roundec)`, () => {
    expect(line(converter([{ name: 'n', type: 'DECIMAL(5,2)' }], 'ROUNDEC'), '{"n":999.999}')).toEqual({
      rejected: 'column n (DECIMAL): 999.999 is not a number that fits DECIMAL(5,2)',
    });
  });

  test.each([
    ['REAL', '1e39', 'is out of range for REAL'],
    ['REAL', '-1e39', 'is out of range for REAL'],
    ['REAL', '1e-50', 'is out of range for REAL'],
    ['REAL', '"3.5e38"', 'is out of range for REAL'],
    ['DOUBLE PRECISION', '1e309', 'is out of range for DOUBLE PRECISION'],
    ['DOUBLE PRECISION', '-1e-400', 'is out of range for DOUBLE PRECISION'],
    ['REAL', '"0x10"', 'is not a number'],
    ['DOUBLE PRECISION', '"1_000"', 'is not a number'],
    ['DOUBLE PRECISION', '"Infinity"', 'is not a number'],
  ])(`%s rejects %s, a line and not the run (${NUMERIC}#r_Numeric_types201-floating-point-types)`, (type, value, why) => {
    expect(line(converter([{ name: 'x', type }]), `{"x":${value}}`)).toEqual({ rejected: `column x (${type}): ${value} ${why}` });
  });

  test(`floating-point values inside the IEEE 754 ranges load as written (${NUMERIC}#r_Numeric_types201-floating-point-types)`, () => {
    const c = converter([
      { name: 'r', type: 'REAL' },
      { name: 'd', type: 'DOUBLE PRECISION' },
    ]);
    expect(line(c, '{"r":3.4e38,"d":1.7976931348623157e308}')).toEqual({ values: ['3.4e38', '1.7976931348623157e308'] });
    expect(line(c, '{"r":"-1.5e-40","d":" .5 "}')).toEqual({ values: ['-1.5e-40', '.5'] });
  });
});

describe('empty values', () => {
  const others = ['SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL(10,2)', 'REAL', 'DOUBLE PRECISION', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ'];
  const columns = others.map((type, i) => ({ name: `c${i}`, type }));
  const record = (value: string) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, value])));

  test(`an empty string loads NULL into columns other than CHAR and VARCHAR, without EMPTYASNULL (${FORMAT}#copy-json-data-file)`, () => {
    expect(line(converter(columns, "TIMEFORMAT 'auto'"), record(''))).toEqual({ values: others.map(() => null) });
  });

  test(`a blank string loads NULL into columns other than CHAR and VARCHAR, without BLANKSASNULL (${CONVERSION}#copy-blanksasnull)`, () => {
    expect(line(converter(columns), record(' \t '))).toEqual({ values: others.map(() => null) });
  });

  test(`CHAR and VARCHAR keep empty and blank strings unless EMPTYASNULL or BLANKSASNULL (${CONVERSION}#copy-emptyasnull)`, () => {
    const text = [
      { name: 'a', type: 'VARCHAR(4)' },
      { name: 'b', type: 'CHAR(4)' },
    ];
    expect(line(converter(text), '{"a":"","b":"  "}')).toEqual({ values: ['', '  '] });
    expect(line(converter(text, 'EMPTYASNULL BLANKSASNULL'), '{"a":"","b":"  "}')).toEqual({ values: [null, null] });
  });
});

describe('JSONPaths', () => {
  const INDEX_FAILS = 'Invalid JSONPath format: Not an array or index out of range';

  test(`an array index out of range, or on something that is not an array, fails the whole COPY (${FORMAT}#copy-json-jsonpath-expressions)`, () => {
    const c = converter([
      { name: 'first_tag', type: 'VARCHAR(8)', jsonPath: '$.tags[0]' },
      { name: 'id', type: 'INTEGER' },
    ]);
    expect(line(c, '{"tags":["a","b"],"id":1}')).toEqual({ values: ['a', '1'] });
    const fails = { rejected: `column first_tag: $.tags[0]: ${INDEX_FAILS}; Redshift's COPY fails as a whole on this, whatever MAXERROR`, failsCopy: true };
    expect(line(c, '{"tags":[],"id":1}')).toEqual(fails);
    expect(line(c, '{"tags":"a","id":1}')).toEqual(fails);
    expect(line(c, '{"tags":{"0":"a"},"id":1}')).toEqual(fails);
    expect(line(c, '{"tags":null,"id":1}')).toEqual(fails);
    // A missing object element is NULL, also when an index follows it.
    expect(line(c, '{"id":1}')).toEqual({ values: [null, '1'] });
  });

  test(`a line may be a top-level JSON array read with $[0], $[1] ... (${FROM_JSON})`, () => {
    const c = converter([
      { name: 'id', type: 'BIGINT', jsonPath: '$[0]' },
      { name: 'title', type: 'VARCHAR(64)', jsonPath: '$[1]' },
    ]);
    expect(line(c, '[1006410, "Amazon Redshift Database Developer Guide"]')).toEqual({ values: ['1006410', 'Amazon Redshift Database Developer Guide'] });
    expect(line(c, '{"id":1}')).toEqual({
      rejected: `column id: $[0]: ${INDEX_FAILS}; Redshift's COPY fails as a whole on this, whatever MAXERROR`,
      failsCopy: true,
    });
    expect(line(c, '5')).toEqual({ rejected: 'not a JSON object or array' });
    expect(line(c, '"text"')).toEqual({ rejected: 'not a JSON object or array' });
  });

  test(`the generated JSONPaths file uses one notation: dot, or bracket for all when any path is bracketed (${FROM_JSON})`, () => {
    expect(
      jsonPathsDocument([
        { name: 'a', type: 'INTEGER' },
        { name: 'b', type: 'INTEGER', jsonPath: '$.items[0].id' },
      ]),
    ).toEqual({ jsonpaths: ['$.a', '$.items[0].id'] });
    expect(
      jsonPathsDocument([
        { name: 'a', type: 'INTEGER' },
        { name: 'price', type: 'DECIMAL(10,4)', jsonPath: "$['bid']['price']" },
      ]),
    ).toEqual({
      jsonpaths: ["$['a']", "$['bid']['price']"],
    });
    expect(
      jsonPathsDocument([
        { name: 'a', type: 'INTEGER', jsonPath: "$['bid'].price[2]" },
        { name: 'b', type: 'INTEGER', jsonPath: '$[0]' },
      ]),
    ).toEqual({
      jsonpaths: ["$['bid']['price'][2]", '$[0]'],
    });
    expect(
      jsonPathsDocument([
        { name: 'a', type: 'INTEGER' },
        { name: 'b', type: 'INTEGER', jsonPath: "$['user id']" },
      ]),
    ).toEqual({ jsonpaths: ["$['a']", "$['user id']"] });
  });

  test(`a JSONPaths file that mixes bracket and dot notation is refused (${FROM_JSON})`, () => {
    expect(() => checkJsonPathsNotation(['$.a', "$['b']"])).toThrow("JSONPaths cannot mix bracket notation ($['b']) and dot notation ($.a)");
    expect(() => checkJsonPathsNotation(["$['a'].b"])).toThrow("JSONPaths cannot mix bracket notation ($['a'].b) and dot notation ($['a'].b)");
    expect(() => checkJsonPathsNotation(['$.a', '$[0]', '$.b[1].c'])).not.toThrow();
    expect(() => checkJsonPathsNotation(["$['a']", '$[0]', "$['b'][1]"])).not.toThrow();
  });
});
