/**
 * COPY options as the replay reads them and as the configuration check accepts them, against Redshift's
 * documentation. Each test names the Developer Guide page it follows.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseCopyOptions } from '../../lambda/firehose/core/copy';
import { createLineConverter } from '../../lambda/firehose/core/replay';
import { ConfigError, CONFIG_DIR, parseConfig } from '../../lib/config/load';

const CONVERSION = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html';
const LOAD = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html';

test(`TRIMBLANKS removes trailing white space from VARCHAR values only (${CONVERSION}#copy-trimblanks)`, () => {
  expect(parseCopyOptions('TRIMBLANKS').trimBlanks).toBe(true);
  const columns = [
    { name: 'v', type: 'VARCHAR(3)' },
    { name: 'c', type: 'CHAR(5)' },
  ];
  const trimming = createLineConverter(columns, parseCopyOptions('TRIMBLANKS'));
  expect(trimming.convert(Buffer.from('{"v":"abc \\t ","c":"ab   "}'))).toEqual({ values: ['abc', 'ab   '] });
  expect(trimming.convert(Buffer.from('{"v":"  a"}'))).toEqual({ values: ['  a', null] });
  const keeping = createLineConverter(columns, parseCopyOptions(''));
  expect(keeping.convert(Buffer.from('{"v":"abc  "}'))).toEqual({
    rejected: 'column v (VARCHAR(3)): "abc  " is 5 bytes, longer than VARCHAR(3) (TRUNCATECOLUMNS would cut it)',
  });
});

test(`IGNOREALLERRORS is read, and cannot be combined with MAXERROR (${LOAD}#copy-ignoreallerrors)`, () => {
  expect(parseCopyOptions('IGNOREALLERRORS')).toMatchObject({ ignoreAllErrors: true, maxError: 0 });
  expect(parseCopyOptions('').ignoreAllErrors).toBe(false);
  expect(() => parseCopyOptions('IGNOREALLERRORS MAXERROR 5')).toThrow('IGNOREALLERRORS cannot be combined with MAXERROR');
});

test(`ACCEPTINVCHARS takes an optional AS and one ASCII replacement character, ? by default (${CONVERSION}#copy-acceptinvchars)`, () => {
  expect(parseCopyOptions("ACCEPTINVCHARS '^'").acceptInvChars).toBe('^');
  expect(parseCopyOptions("ACCEPTINVCHARS AS '^'").acceptInvChars).toBe('^');
  expect(parseCopyOptions('ACCEPTINVCHARS TRUNCATECOLUMNS')).toMatchObject({ acceptInvChars: '?', truncateColumns: true });
  expect(() => parseCopyOptions("ACCEPTINVCHARS '^^'")).toThrow('ACCEPTINVCHARS takes one ASCII replacement character');
  expect(() => parseCopyOptions("ACCEPTINVCHARS 'é'")).toThrow('ACCEPTINVCHARS takes one ASCII replacement character');
});

describe('the configuration check', () => {
  const problems = (copyOptions: string): string[] => {
    const raw = parse(readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8'));
    raw.firehose.streams[0].copyOptions = copyOptions;
    try {
      parseConfig(raw, 'test.yaml');
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  };

  test.each([
    "GZIP DATEFORMAT 'MM/DD/YYYY' ACCEPTINVCHARS '^' TRUNCATECOLUMNS",
    "GZIP DATEFORMAT AS 'MM/DD/YYYY' ACCEPTINVCHARS AS '^'",
    "GZIP TIMEFORMAT 'auto' ROUNDEC TRIMBLANKS ACCEPTANYDATE IGNOREALLERRORS EMPTYASNULL BLANKSASNULL",
    "GZIP DATEFORMAT 'MON DD, YYYY' TIMEFORMAT 'MM.DD.YYYY HH:MI:SS' MAXERROR 100",
  ])(`accepts COPY options COPY takes: %s (${CONVERSION})`, (options) => {
    expect(problems(options)).toEqual([]);
  });

  test.each([
    ['GZIP; DROP TABLE events.impressions', /expected COPY options/],
    ['GZIP -- the rest', /expected COPY options/],
    ["GZIP ACCEPTINVCHARS '\\'", /expected COPY options/],
    ["GZIP DATEFORMAT 'YYYY", /expected COPY options/],
    ["GZIP DATEFORMAT 'MM/DD;YYYY'", /expected COPY options/],
    ['GZIP IGNOREALLERRORS MAXERROR 5', /IGNOREALLERRORS cannot be combined with MAXERROR/],
    ['GZIP TIMEFORMAT auto', /TIMEFORMAT needs a quoted format/],
  ])(`refuses %s (${LOAD})`, (options, expected) => {
    expect(problems(options)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
