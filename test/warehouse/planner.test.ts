/** The one table planner (lambda/warehouse/planner.ts): what every route's tables become, on Redshift and the stand-in. */
import { declaredColumns, holds, planChanges, planTable, SchemaChangeError, type PlanOptions, type PlannedColumn } from '../../lambda/warehouse/planner';
import { catalogType, type RedshiftType, type WarehouseDialect } from '../../lambda/warehouse/types';

interface Declared {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

const impression: Declared = {
  schema: 'events',
  table: 'impressions',
  columns: [
    { name: 'impression_id', type: 'VARCHAR(64)' },
    { name: 'user_id', type: 'BIGINT' },
    { name: 'country', type: 'CHAR(2)' },
    { name: 'price', type: 'DECIMAL(10,4)' },
    { name: 'timestamp', type: 'TIMESTAMP' },
  ],
};

type Existing = Parameters<typeof planTable>[1];

/** A plan as statements and the changes it reports. */
function plan(spec: Declared, existing: Existing, dialect: WarehouseDialect = 'redshift', options: PlanOptions = {}) {
  const planned = planTable({ ...spec, columns: declaredColumns(spec.columns) }, existing, dialect, options);
  return { statements: planned.steps.map((s) => s.sql), changes: planChanges(planned) };
}

describe('declared tables (Firehose streams, Athena jobs): exactly as declared', () => {
  const catalog = (name: string, type: string, extra: object = {}) => ({ name, type, ...extra });

  test('a missing table is created with nullable columns in declared order', () => {
    expect(plan(impression, undefined)).toEqual({
      statements: [
        'CREATE SCHEMA IF NOT EXISTS "events"',
        'CREATE TABLE IF NOT EXISTS "events"."impressions" ("impression_id" VARCHAR(64), "user_id" BIGINT, "country" CHAR(2), "price" DECIMAL(10,4), "timestamp" TIMESTAMP)',
      ],
      changes: ['created events.impressions with 5 columns'],
    });
    expect(plan({ schema: 's', table: 't', columns: [{ name: 'doc', type: 'SUPER' }] }, undefined, 'postgres').statements[1]).toBe(
      'CREATE TABLE IF NOT EXISTS "s"."t" ("doc" JSONB)',
    );
  });

  test('an up-to-date table needs nothing; catalog spellings are understood', () => {
    const existing = [
      catalog('impression_id', 'CHARACTER VARYING', { length: 64 }),
      catalog('user_id', 'BIGINT'),
      catalog('country', 'CHARACTER', { length: 2 }),
      catalog('price', 'NUMERIC', { precision: 10, scale: 4 }),
      catalog('timestamp', 'TIMESTAMP WITHOUT TIME ZONE'),
    ];
    expect(plan(impression, existing)).toEqual({ statements: [], changes: [] });
  });

  test('declared new columns are added and VARCHARs widened; undeclared columns are kept, never dropped', () => {
    const existing = [catalog('impression_id', 'CHARACTER VARYING', { length: 32 }), catalog('user_id', 'BIGINT'), catalog('legacy', 'INTEGER')];
    const evolved = plan({ ...impression, columns: impression.columns.slice(0, 3) }, existing);
    expect(evolved.statements).toEqual([
      'ALTER TABLE "events"."impressions" ALTER COLUMN "impression_id" TYPE VARCHAR(64)',
      'ALTER TABLE "events"."impressions" ADD COLUMN "country" CHAR(2)',
    ]);
    expect(evolved.changes).toEqual([
      'widened events.impressions.impression_id from VARCHAR(32) to VARCHAR(64)',
      'added events.impressions.country CHAR(2)',
      'kept events.impressions columns no longer wanted (never dropped): legacy',
    ]);
  });

  test('narrowing and type changes are refused, all of them in one message, and nothing is planned', () => {
    const existing = [
      catalog('impression_id', 'CHARACTER VARYING', { length: 128 }),
      catalog('user_id', 'INTEGER'),
      catalog('country', 'CHARACTER', { length: 2 }),
      catalog('price', 'NUMERIC', { precision: 12, scale: 4 }),
      catalog('timestamp', 'TIMESTAMP WITHOUT TIME ZONE'),
    ];
    let error: unknown;
    try {
      plan(impression, existing);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaChangeError);
    expect((error as SchemaChangeError).problems).toEqual([
      'events.impressions.impression_id is VARCHAR(128) in the warehouse but declared VARCHAR(64): narrowing a column could cut stored values, so it is refused; declare VARCHAR(128) again, or add a new column and migrate the data by hand',
      'events.impressions.user_id is INTEGER in the warehouse but declared BIGINT: Redshift changes a column in place only to lengthen a VARCHAR; declare INTEGER again, or add a new column and migrate the data by hand',
      'events.impressions.price is DECIMAL(12,4) in the warehouse but declared DECIMAL(10,4): narrowing a column could cut stored values, so it is refused; declare DECIMAL(12,4) again, or add a new column and migrate the data by hand',
    ]);
  });
});

describe('derived tables (the MySQL sync): the warehouse column need only hold the source values', () => {
  const catalog = (name: string, type: string, extra: object = {}) => ({ name, type, ...extra });
  const derived = (columns: PlannedColumn[]) => ({ schema: 'ads', table: 'orders', columns });
  const holdsMode: PlanOptions = { match: 'holds' };

  test('a wider column is kept; a VARCHAR is lengthened; INT to BIGINT is refused with what to do', () => {
    const existing = [
      catalog('id', 'BIGINT'),
      catalog('name', 'CHARACTER VARYING', { length: 40 }),
      catalog('price', 'NUMERIC', { precision: 12, scale: 2 }),
      catalog('clicks', 'INTEGER'),
    ];
    const wanted: PlannedColumn[] = [
      { name: 'id', type: { kind: 'INTEGER' }, notNull: true },
      { name: 'name', type: { kind: 'VARCHAR', bytes: 80 } },
      { name: 'price', type: { kind: 'DECIMAL', precision: 10, scale: 2 } },
      { name: 'clicks', type: { kind: 'INTEGER' } },
    ];
    expect(planTable(derived(wanted), existing, 'redshift', holdsMode).steps).toEqual([
      {
        sql: 'ALTER TABLE "ads"."orders" ALTER COLUMN "name" TYPE VARCHAR(80)',
        change: 'widened ads.orders.name from VARCHAR(40) to VARCHAR(80)',
        lengthens: 'name',
      },
    ]);
    expect(() => planTable(derived([{ name: 'clicks', type: { kind: 'BIGINT' } }]), existing, 'redshift', holdsMode)).toThrow(
      'ads.orders.clicks is INTEGER in the warehouse but the source now needs BIGINT: Redshift changes a column in place only to lengthen a VARCHAR; ' +
        'rename the table away (the next run creates it anew and copies every row), or add a column of the new type, copy the values over, and drop the old one by hand',
    );
    // The same wider column is refused for a declared table.
    expect(() => planTable(derived([{ name: 'id', type: { kind: 'INTEGER' } }]), existing, 'redshift')).toThrow(
      'ads.orders.id is BIGINT in the warehouse but declared INTEGER: narrowing a column could cut stored values',
    );
  });

  test('a new table declares NOT NULL where asked (the merge key) and spells each type in the dialect', () => {
    const columns: PlannedColumn[] = [
      { name: 'id', type: { kind: 'BIGINT' }, notNull: true },
      { name: 'doc', type: { kind: 'SUPER' } },
      { name: 'blob', type: { kind: 'VARBYTE', bytes: 16 } },
      { name: 'place', type: { kind: 'GEOMETRY' } },
    ];
    expect(planTable(derived(columns), undefined, 'redshift').steps[1].sql).toBe(
      'CREATE TABLE IF NOT EXISTS "ads"."orders" ("id" BIGINT NOT NULL, "doc" SUPER, "blob" VARBYTE(16), "place" GEOMETRY)',
    );
    expect(planTable(derived(columns), undefined, 'postgres').steps[1].sql).toBe(
      'CREATE TABLE IF NOT EXISTS "ads"."orders" ("id" BIGINT NOT NULL, "doc" JSONB, "blob" BYTEA, "place" GEOMETRY)',
    );
    // An added column is nullable whatever was asked: the rows already there have no value for it.
    expect(
      planTable(
        derived(columns),
        [catalog('doc', 'SUPER'), catalog('blob', 'BINARY VARYING', { length: 16 }), catalog('place', 'GEOMETRY')],
        'redshift',
        holdsMode,
      ).steps,
    ).toEqual([{ sql: 'ALTER TABLE "ads"."orders" ADD COLUMN "id" BIGINT', change: 'added ads.orders.id BIGINT' }]);
  });

  test("the stand-in's catalog reads as the types it stands in for", () => {
    expect(
      planTable(
        derived([
          { name: 'doc', type: { kind: 'SUPER' } },
          { name: 'blob', type: { kind: 'VARBYTE', bytes: 1_000 } },
        ]),
        [catalog('doc', 'JSONB'), catalog('blob', 'BYTEA')],
        'postgres',
        holdsMode,
      ).steps,
    ).toEqual([]);
  });
});

describe('which column holds which', () => {
  const t = (text: string): RedshiftType =>
    catalogType({
      type: text.replace(/\(.*/, ''),
      ...(/\((\d+)(?:,(\d+))?\)/.exec(text)
        ? { length: Number(/\((\d+)/.exec(text)![1]), precision: Number(/\((\d+)/.exec(text)![1]), scale: Number(/,(\d+)\)/.exec(text)?.[1] ?? 0) }
        : {}),
    })!;
  test.each([
    ['BIGINT', 'INTEGER', true],
    ['INTEGER', 'BIGINT', false],
    ['SMALLINT', 'SMALLINT', true],
    ['DOUBLE PRECISION', 'REAL', true],
    ['REAL', 'DOUBLE PRECISION', false],
    ['NUMERIC(12,2)', 'NUMERIC(10,2)', true],
    ['NUMERIC(12,2)', 'NUMERIC(12,3)', false],
    ['CHARACTER VARYING(80)', 'CHARACTER VARYING(40)', true],
    ['CHARACTER VARYING(40)', 'CHARACTER VARYING(80)', false],
    ['CHARACTER VARYING(65535)', 'SUPER', false],
    ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITHOUT TIME ZONE', false],
  ])('%s holds %s: %s', (have, want, expected) => expect(holds(t(have), t(want))).toBe(expected));
});
