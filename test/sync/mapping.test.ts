import { truncateUtf8 } from '../../lambda/core/text';
import { createRowEncoder } from '../../lambda/sync/core/csv';
import { mapColumn, type SourceColumn } from '../../lambda/sync/core/mysql-types';

function column(dataType: string, columnType = dataType, extra: Partial<SourceColumn> = {}): SourceColumn {
  return {
    name: 'c',
    dataType,
    columnType,
    charMaxLength: null,
    numericPrecision: null,
    numericScale: null,
    charset: null,
    nullable: true,
    primaryKey: false,
    ...extra,
  };
}

test.each([
  [column('tinyint', 'tinyint(1)'), 'SMALLINT'],
  [column('tinyint', 'tinyint(3) unsigned'), 'SMALLINT'],
  [column('smallint', 'smallint(5) unsigned'), 'INTEGER'],
  [column('mediumint', 'mediumint(8) unsigned'), 'INTEGER'],
  [column('int', 'int(11)'), 'INTEGER'],
  [column('int', 'int(10) unsigned'), 'BIGINT'],
  [column('bigint', 'bigint(20)'), 'BIGINT'],
  [column('bigint', 'bigint(20) unsigned'), 'DECIMAL(20,0)'],
  [column('decimal', 'decimal(12,4)', { numericPrecision: 12, numericScale: 4 }), 'DECIMAL(12,4)'],
  [column('decimal', 'decimal(65,10)', { numericPrecision: 65, numericScale: 10 }), 'VARCHAR(67)'],
  [column('float'), 'REAL'],
  [column('double'), 'DOUBLE PRECISION'],
  [column('bit', 'bit(8)', { numericPrecision: 8 }), 'BIGINT'],
  [column('year', 'year(4)'), 'SMALLINT'],
  [column('varchar', 'varchar(20)', { charMaxLength: 20, charset: 'utf8mb4' }), 'VARCHAR(80)'],
  [column('varchar', 'varchar(20)', { charMaxLength: 20, charset: 'utf8mb3' }), 'VARCHAR(60)'],
  // latin1 is Windows-1252: € and ™ take 3 bytes in UTF-8.
  [column('char', 'char(10)', { charMaxLength: 10, charset: 'latin1' }), 'VARCHAR(30)'],
  [column('varchar', 'varchar(10)', { charMaxLength: 10, charset: 'latin2' }), 'VARCHAR(20)'],
  [column('varchar', 'varchar(10)', { charMaxLength: 10, charset: 'euckr' }), 'VARCHAR(30)'],
  [column('varchar', 'varchar(10)', { charMaxLength: 10, charset: 'ascii' }), 'VARCHAR(10)'],
  [column('varchar', 'varchar(10)', { charMaxLength: 10, charset: 'some_future_set' }), 'VARCHAR(40)'],
  [column('varchar', 'varchar(20000)', { charMaxLength: 20000, charset: 'utf8mb4' }), 'VARCHAR(65535)'],
  [column('enum', "enum('a','bb')", { charMaxLength: 2, charset: 'utf8mb4' }), 'VARCHAR(8)'],
  [column('set', "set('x','y')", { charMaxLength: 3, charset: 'utf8mb4' }), 'VARCHAR(12)'],
  [column('tinytext', 'tinytext', { charset: 'utf8mb4' }), 'VARCHAR(1020)'],
  [column('longtext'), 'VARCHAR(65535)'],
  [column('json'), 'SUPER'],
  [column('geometry'), 'GEOMETRY'],
  [column('point'), 'GEOMETRY'],
  [column('multipolygon'), 'GEOMETRY'],
  [column('geomcollection'), 'GEOMETRY'],
  [column('date'), 'DATE'],
  [column('datetime', 'datetime(6)'), 'TIMESTAMPTZ'],
  [column('timestamp'), 'TIMESTAMPTZ'],
  [column('time'), 'VARCHAR(17)'],
  [column('varbinary', 'varbinary(16)', { charMaxLength: 16 }), 'VARBYTE(16)'],
  [column('blob'), 'VARBYTE(65535)'],
  [column('longblob'), 'VARBYTE(1024000)'],
])('%j maps to %s', (source, redshiftType) => {
  expect(mapColumn(source).redshiftType).toBe(redshiftType);
});

test('unsupported types and names that are not warehouse identifiers are refused by name', () => {
  expect(() => mapColumn(column('uuid'))).toThrow('column "c": MySQL type uuid has no Redshift mapping; leave the column out with excludeColumns');
  expect(() => mapColumn({ ...column('int'), name: 'order id' })).toThrow('column "order id": its name is not a warehouse identifier');
  expect(mapColumn({ ...column('int'), name: 'UserId' }).name).toBe('userid');
});

describe('CSV values', () => {
  const cols = [
    mapColumn(column('int')),
    mapColumn(column('varchar', 'varchar(10)', { charMaxLength: 10, charset: 'utf8mb4' })),
    mapColumn(column('date')),
    mapColumn(column('timestamp')),
    mapColumn(column('datetime')),
    mapColumn(column('varbinary', 'varbinary(4)', { charMaxLength: 4 })),
    mapColumn(column('bit', 'bit(16)', { numericPrecision: 16 })),
  ];
  const seoul = createRowEncoder(cols, { dialect: 'postgres', sourceTimezone: 'Asia/Seoul', oversize: 'error' });

  test('NULL is \\N, empty string is "", strings always quoted with doubled quotes', () => {
    expect(seoul.encode([1, '', null, null, null, null, null])).toBe('1,"",\\N,\\N,\\N,\\N,\\N\n');
    expect(seoul.encode([null, 'a"b\tc\nd\\e😀', null, null, null, null, null])).toBe('\\N,"a""b\tc\nd\\e😀",\\N,\\N,\\N,\\N,\\N\n');
    expect(seoul.encode([null, '\\N', null, null, null, null, null])).toBe('\\N,"\\N",\\N,\\N,\\N,\\N,\\N\n');
  });

  test('on Redshift NULL is a lone NUL byte, which no value can be: the text \\N, zero dates and NULL in their forms', () => {
    const redshift = createRowEncoder(cols, { dialect: 'redshift', sourceTimezone: 'Asia/Seoul', oversize: 'error' });
    expect(redshift.encode([null, '\\N', '0000-00-00', null, '0000-00-00 00:00:00', null, null])).toBe('\0,"\\N",\0,\0,\0,\0,\0\n');
    expect(() => redshift.encode([1, '\u0000', null, null, null, null, null])).toThrow('NUL character');
  });

  test('zero dates become NULL; TIMESTAMP is UTC; DATETIME gets the source zone offset', () => {
    expect(seoul.encode([null, null, '0000-00-00', '0000-00-00 00:00:00', '2026-00-10 00:00:00', null, null])).toBe('\\N,\\N,\\N,\\N,\\N,\\N,\\N\n');
    expect(seoul.encode([null, null, '2026-02-28', '2026-01-01 00:00:00', '2026-01-01 09:00:00.123456', null, null])).toBe(
      '\\N,\\N,2026-02-28,2026-01-01 00:00:00+00,2026-01-01 09:00:00.123456+09:00,\\N,\\N\n',
    );
    const ny = createRowEncoder(cols, { dialect: 'postgres', sourceTimezone: 'America/New_York', oversize: 'error' });
    expect(ny.encode([null, null, null, null, '2026-03-07 12:00:00', null, null])).toContain('2026-03-07 12:00:00-05:00');
    expect(ny.encode([null, null, null, null, '2026-03-09 12:00:00', null, null])).toContain('2026-03-09 12:00:00-04:00');
  });

  test("binary as hex in the dialect's form; BIT as its number", () => {
    expect(seoul.encode([null, null, null, null, null, Buffer.from([0, 255]), Buffer.from([1, 2])])).toBe('\\N,\\N,\\N,\\N,\\N,\\x00ff,258\n');
    const redshift = createRowEncoder(cols, { dialect: 'redshift', sourceTimezone: 'UTC', oversize: 'error' });
    expect(redshift.encode([null, null, null, null, '2026-01-01 09:00:00', Buffer.from([0, 255]), null])).toBe('\0,\0,\0,\0,2026-01-01 09:00:00+00,00ff,\0\n');
  });

  test('text over its column size: a clear error, or cut on a character boundary and counted', () => {
    expect(() => seoul.encode([null, '😀'.repeat(11), null, null, null, null, null])).toThrow('column "c": a value of 44 bytes exceeds VARCHAR(40)');
    const cutting = createRowEncoder(cols, { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'truncate' });
    expect(cutting.encode([null, `a${'😀'.repeat(11)}`, null, null, null, null, null])).toBe(`\\N,"a${'😀'.repeat(9)}",\\N,\\N,\\N,\\N,\\N\n`);
    expect(cutting.truncated).toBe(1);
    expect(() => seoul.encode([null, 'a\u0000b', null, null, null, null, null])).toThrow('NUL character');
    expect(() => seoul.encode([null, null, null, null, null, Buffer.alloc(5), null])).toThrow('a value of 5 bytes exceeds the VARBYTE(4) column');
  });

  test('truncateUtf8 never splits a character', () => {
    expect(truncateUtf8('가나다', 7)).toBe('가나');
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('😀', 3)).toBe('');
  });
});
