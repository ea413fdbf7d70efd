/**
 * The replay's converter against Redshift's documented COPY behaviour for dates and times. Each test names the
 * Developer Guide page it follows.
 */
import { parseCopyOptions } from '../../lambda/firehose/core/copy';
import { createLineConverter } from '../../lambda/firehose/core/replay';

const DATETIME = 'https://docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html';
const STRINGS = 'https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html';
const AUTO = 'https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html';
const CONVERSION = 'https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html';
const DATESTYLE = 'https://docs.aws.amazon.com/redshift/latest/dg/r_datestyle.html';

const columns = [
  { name: 'day', type: 'DATE' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'at_tz', type: 'TIMESTAMPTZ' },
];

/** The value loaded into DATE, TIMESTAMP and TIMESTAMPTZ columns, or the rejection. */
function load(value: string, options = "DATEFORMAT 'auto' TIMEFORMAT 'auto'") {
  const converter = createLineConverter(columns, parseCopyOptions(options));
  return converter.convert(Buffer.from(JSON.stringify({ day: value, at: value, at_tz: value }), 'utf8'));
}

test(`TIMESTAMP ignores the time zone of its input; TIMESTAMPTZ converts to UTC; DATE keeps the date as written (${DATETIME})`, () => {
  expect(load('2026-11-25T01:30:00+09:00')).toEqual({ values: ['2026-11-25', '2026-11-25 01:30:00', '2026-11-24 16:30:00+00'] });
  expect(load('2026-11-25 23:30:00-08')).toEqual({ values: ['2026-11-25', '2026-11-25 23:30:00', '2026-11-26 07:30:00+00'] });
});

test(`without TIMEFORMAT, TIMESTAMPTZ takes 'YYYY-MM-DD HH:MI:SSOF' and TIMESTAMP 'YYYY-MM-DD HH:MI:SS' (${STRINGS}; ${CONVERSION}#copy-timeformat)`, () => {
  const tz = createLineConverter([{ name: 'at_tz', type: 'TIMESTAMPTZ' }], parseCopyOptions(''));
  const at = (value: string) => tz.convert(Buffer.from(JSON.stringify({ at_tz: value })));
  expect(at('2026-11-25 09:00:00+09')).toEqual({ values: ['2026-11-25 00:00:00+00'] });
  expect(at('2026-11-25 09:00:00-8:00')).toEqual({ values: ['2026-11-25 17:00:00+00'] });
  expect(at('2026-11-25 09:00:00.25+05:30')).toEqual({ values: ['2026-11-25 03:30:00.25+00'] });
  expect(at('2026-11-25 09:00:00')).toEqual({ values: ['2026-11-25 09:00:00+00'] });
  expect(at('2026-11-25T09:00:00+09')).toEqual({
    rejected: `column at_tz (TIMESTAMPTZ): "2026-11-25T09:00:00+09" does not match the default TIMEFORMAT 'YYYY-MM-DD HH:MI:SSOF'`,
  });
  const plain = createLineConverter([{ name: 'at', type: 'TIMESTAMP' }], parseCopyOptions(''));
  expect(plain.convert(Buffer.from('{"at":"2026-11-25 09:00:00+09"}'))).toEqual({
    rejected: `column at (TIMESTAMP): "2026-11-25 09:00:00+09" does not match the default TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'`,
  });
});

test(`'auto', 'epochsecs' and 'epochmillisecs' are case-sensitive keywords, and DATEFORMAT takes only 'auto' of them (${CONVERSION}#copy-timeformat)`, () => {
  expect(() => parseCopyOptions("TIMEFORMAT 'AUTO'")).toThrow("TIMEFORMAT 'auto' is written in lowercase (the keyword is case-sensitive)");
  expect(() => parseCopyOptions("TIMEFORMAT 'EpochSecs'")).toThrow("TIMEFORMAT 'epochsecs' is written in lowercase");
  expect(() => parseCopyOptions("DATEFORMAT 'epochsecs'")).toThrow("DATEFORMAT takes a format string or 'auto', not 'epochsecs'");
  expect(parseCopyOptions("DATEFORMAT 'auto' TIMEFORMAT 'epochmillisecs'")).toMatchObject({ dateFormat: 'auto', timeFormat: 'epochmillisecs' });
});

test(`a TIMEFORMAT string cannot name a time zone (${STRINGS})`, () => {
  expect(() => parseCopyOptions("TIMEFORMAT 'YYYY-MM-DD HH:MI:SSOF'")).toThrow(
    "TIMEFORMAT cannot include a time zone specifier (TZ or OF); use 'auto' for values with one",
  );
  expect(() => parseCopyOptions("TIMEFORMAT 'YYYY-MM-DD HH:MI:SS TZ'")).toThrow('TIMEFORMAT cannot include a time zone specifier');
});

// Every format on the automatic recognition page, with the page's own example, and the sample values of the
// DATEFORMAT and TIMEFORMAT strings page (whose formats 'auto' also recognises).
test.each([
  ['ISO 8601', '2019-02-11T05:09:12.195Z', '2019-02-11', '2019-02-11 05:09:12.195', '2019-02-11 05:09:12.195+00'],
  ['Julian', 'J2451187', '1999-01-08', '1999-01-08 00:00:00', '1999-01-08 00:00:00+00'],
  ['Julian with a time', 'J2345678 04:05:06', '1710-02-23', '1710-02-23 04:05:06', '1710-02-23 04:05:06+00'],
  ['BC', 'Jan-08-95 BC', '0095-01-08 BC', '0095-01-08 00:00:00 BC', '0095-01-08 00:00:00+00 BC'],
  ['YYYYMMDD HHMISS', '19960108 040809', '1996-01-08', '1996-01-08 04:08:09', '1996-01-08 04:08:09+00'],
  ['YYMMDD HHMISS', '960108 040809', '1996-01-08', '1996-01-08 04:08:09', '1996-01-08 04:08:09+00'],
  ['YYYY.DDD', '1996.008', '1996-01-08', '1996-01-08 00:00:00', '1996-01-08 00:00:00+00'],
  ['YYYY-MM-DD HH:MI:SS.SSS', '1996-01-08 04:05:06.789', '1996-01-08', '1996-01-08 04:05:06.789', '1996-01-08 04:05:06.789+00'],
  ['DD Mon HH:MI:SS YYYY TZ', '17 Dec 07:37:16 1997 PST', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['MM/DD/YYYY HH:MI:SS.SS TZ', '12/17/1997 07:37:16.00 PST', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['YYYY-MM-DD HH:MI:SS+/-TZ', '1997-12-17 07:37:16-08', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['DD.MM.YYYY HH:MI:SS TZ, as the page writes it', '12.17.1997 07:37:16.00 PST', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['DD.MM.YYYY HH:MI:SS TZ, as the datetime types page writes it', '17.12.1997 07:37:16.00 PST', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['a zone by name', '12/17/1997 07:37:16.00 US/Pacific', '1997-12-17', '1997-12-17 07:37:16', '1997-12-17 15:37:16+00'],
  ['MM/DD/YYYY', '03/31/2003', '2003-03-31', '2003-03-31 00:00:00', '2003-03-31 00:00:00+00'],
  ['MON DD, YYYY', 'March 31, 2003', '2003-03-31', '2003-03-31 00:00:00', '2003-03-31 00:00:00+00'],
  ['MM.DD.YYYY HH:MI:SS', '03.31.2003 18:45:05.123456', '2003-03-31', '2003-03-31 18:45:05.123456', '2003-03-31 18:45:05.123456+00'],
  ['MON-DD-YYYY', 'Jan-01-1999', '1999-01-01', '1999-01-01 00:00:00', '1999-01-01 00:00:00+00'],
  ['YYYY-MM-DD HH:MI:SS', '2026-11-25 09:30:00', '2026-11-25', '2026-11-25 09:30:00', '2026-11-25 09:30:00+00'],
  ['YYYY-MM-DD', '2026-11-25', '2026-11-25', '2026-11-25 00:00:00', '2026-11-25 00:00:00+00'],
])(`'auto' recognises %s: %s (${AUTO}; ${STRINGS})`, (_format, value, date, timestamp, timestamptz) => {
  expect(load(value)).toEqual({ values: [date, timestamp, timestamptz] });
});

test(`'auto' reads an ambiguous dotted or slashed date month first, DateStyle's default MDY (${DATESTYLE})`, () => {
  expect(load('03.04.2003')).toEqual({ values: ['2003-03-04', '2003-03-04 00:00:00', '2003-03-04 00:00:00+00'] });
  expect(load('04/03/2003')).toEqual({ values: ['2003-04-03', '2003-04-03 00:00:00', '2003-04-03 00:00:00+00'] });
});

test.each([
  ['epoch seconds, which automatic recognition does not support', '1764063000'],
  ['a word', 'yesterday'],
  ['a zone the replay does not know', '2026-11-25 09:30:00 Mars/Olympus'],
  ['a day that does not exist', '2026-02-30'],
  ['a day of the year that does not exist', '2026.366'],
])(`'auto' does not recognise %s: %s (${AUTO})`, (_what, value) => {
  expect(load(value)).toEqual({ rejected: `column day (DATE): "${value}" does not match DATEFORMAT 'auto'` });
});

test(`ACCEPTANYDATE loads NULL into DATE and TIMESTAMP for values that do not match; TIMESTAMPTZ still rejects them (${CONVERSION}#copy-acceptanydate)`, () => {
  expect(parseCopyOptions('ACCEPTANYDATE').acceptAnyDate).toBe(true);
  const options = "ACCEPTANYDATE DATEFORMAT 'YYYY-MM-DD' TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'";
  const anyDate = createLineConverter(columns.slice(0, 2), parseCopyOptions(options));
  expect(anyDate.convert(Buffer.from('{"day":"00/00/00","at":"00/00/00 00:00:00"}'))).toEqual({ values: [null, null] });
  expect(anyDate.convert(Buffer.from('{"day":"2026-11-25","at":"2026-11-25 09:30:00"}'))).toEqual({ values: ['2026-11-25', '2026-11-25 09:30:00'] });
  expect(load('00/00/00 00:00:00', options)).toEqual({
    rejected: `column at_tz (TIMESTAMPTZ): "00/00/00 00:00:00" does not match TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'`,
  });
});

test(`dates outside Redshift's range (4713 BC to 294276 AD) are rejected, not passed to the database (${DATETIME})`, () => {
  const epoch = createLineConverter([{ name: 'at', type: 'TIMESTAMP' }], parseCopyOptions("TIMEFORMAT 'epochsecs'"));
  expect(epoch.convert(Buffer.from('{"at":-8000000000000}'))).toEqual({
    rejected: "column at (TIMESTAMP): -8000000000000 does not match TIMEFORMAT 'epochsecs'",
  });
  expect(epoch.convert(Buffer.from('{"at":-62167219200}'))).toEqual({ values: ['0001-01-01 00:00:00 BC'] });
});
