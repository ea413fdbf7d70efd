import { formatClockTime, isValidTimeZone, parseClockTime, parseDaysActive } from '../../lambda/core/clock';
import { findDependencyCycle } from '../../lambda/core/dependencies';
import { formatRedshiftType, parseRedshiftType } from '../../lambda/warehouse/types';
import { quoteMysqlIdentifier, quoteWarehouseIdentifier, quoteWarehouseTable } from '../../lambda/core/sql-identifiers';

describe('clock times', () => {
  test.each([
    ['09:30', 9, 30],
    ['9:30', 9, 30],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
  ])('%s parses', (text, hour, minute) => {
    expect(parseClockTime(text)).toEqual({ hour, minute });
  });
  test.each(['24:00', '9:5', '9.30', '0930', '12:60', '', 'noon', '-1:00'])('%s is rejected', (text) => {
    expect(parseClockTime(text)).toBeUndefined();
  });
  test('formats with two digits', () => expect(formatClockTime({ hour: 9, minute: 5 })).toBe('09:05'));
});

describe('time zones', () => {
  test.each(['Asia/Seoul', 'UTC', 'America/Los_Angeles', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])('%s is known', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });
  test.each(['Asia/Busan', 'KST+9', 'Seoul', '', 'Asia/Seoul; DROP'])('%s is not', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe('DaysActive', () => {
  test('keywords and lists', () => {
    expect([...parseDaysActive('all')!]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...parseDaysActive('weekdays')!]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseDaysActive('weekends')!]).toEqual([0, 6]);
    expect([...parseDaysActive('mon, Wed,fri')!]).toEqual([1, 3, 5]);
  });
  test.each(['', 'weekday', 'mon,,fri', 'mon,mon', 'monday', 'mon;fri'])('%j is rejected', (text) => {
    expect(parseDaysActive(text)).toBeUndefined();
  });
});

describe('Redshift types', () => {
  test.each([
    ['bigint', 'BIGINT'],
    ['int8', 'BIGINT'],
    ['varchar(256)', 'VARCHAR(256)'],
    ['VARCHAR( 65535 )', 'VARCHAR(65535)'],
    ['varchar(max)', 'VARCHAR(65535)'],
    ['text', 'VARCHAR(256)'],
    ['char', 'CHAR(1)'],
    ['numeric(20,0)', 'DECIMAL(20,0)'],
    ['decimal(38,37)', 'DECIMAL(38,37)'],
    ['decimal', 'DECIMAL(18,0)'],
    ['double precision', 'DOUBLE PRECISION'],
    ['float', 'DOUBLE PRECISION'],
    ['timestamptz', 'TIMESTAMPTZ'],
    ['super', 'SUPER'],
  ])('%s is %s', (text, canonical) => {
    expect(formatRedshiftType(parseRedshiftType(text)!)).toBe(canonical);
  });
  // decimal(38,38): "the maximum scale is 37" (https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html)
  test.each([
    'varchar(65536)',
    'varchar(0)',
    'char(4097)',
    'decimal(39,0)',
    'decimal(5,6)',
    'decimal(38,38)',
    'json',
    'jsonb',
    'int(11)',
    'text(10)',
    'varchar(10); drop table x',
  ])('%s is rejected', (text) => expect(parseRedshiftType(text)).toBeUndefined());
});

describe('SQL identifiers', () => {
  test('warehouse identifiers are validated and double-quoted', () => {
    expect(quoteWarehouseIdentifier('user_activities')).toBe('"user_activities"');
    expect(quoteWarehouseTable('events', 'clicks')).toBe('"events"."clicks"');
    for (const bad of ['Users', 'user-activity', '1st', 'a"b', 'x; drop table y', '', 'a'.repeat(128)]) {
      expect(() => quoteWarehouseIdentifier(bad)).toThrow(/unsafe SQL identifier/);
    }
  });
  test('MySQL identifiers are validated and back-quoted', () => {
    expect(quoteMysqlIdentifier('AdProviders')).toBe('`AdProviders`');
    for (const bad of ['a`b', 'a b', '', 'a'.repeat(65)]) expect(() => quoteMysqlIdentifier(bad)).toThrow(/unsafe SQL identifier/);
  });
});

describe('dependency cycles', () => {
  test('a DAG has none; unknown names are ignored here', () => {
    expect(
      findDependencyCycle([
        { name: 'db', dependsOn: [] },
        { name: 'api', dependsOn: ['db', 'cache'] },
        { name: 'batch', dependsOn: ['api', 'db'] },
      ]),
    ).toBeUndefined();
  });
  test('reports the cycle path', () => {
    expect(
      findDependencyCycle([
        { name: 'a', dependsOn: [] },
        { name: 'b', dependsOn: ['c'] },
        { name: 'c', dependsOn: ['d'] },
        { name: 'd', dependsOn: ['b'] },
      ]),
    ).toEqual(['b', 'c', 'd', 'b']);
    expect(findDependencyCycle([{ name: 'a', dependsOn: ['a'] }])).toEqual(['a', 'a']);
  });
});
