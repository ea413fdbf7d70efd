/**
 * Every Redshift statement the platform builds, checked against Redshift's dialect (reserved words, PostgreSQL-only
 * syntax): the COPY each Firehose delivery stream runs, the Athena load, the MySQL sync (Redshift flavour), the
 * Firehose tables' DDL, and the replay / load-error queries. PostgreSQL, the local stand-in, accepts some SQL
 * Redshift refuses, so the integration tests alone cannot catch these.
 */
import { loadedPartitionsSql, loadTransactionSql, runsTableSql, type LoadInput } from '../../lambda/athena/core/sql';
import { firehoseCopyCommand, replayManifestSql, type StreamSpec } from '../../lambda/firehose/core/copy';
import { targetColumns, targetTable } from '../../lambda/sync/core/job';
import { mapColumn, type SourceColumn } from '../../lambda/sync/core/mysql-types';
import { loadPlan, stagedFullCopyPlan, swapFactsSql, SYNC_MODES } from '../../lambda/sync/core/sql';
import { loadErrorsSql, queryLoadErrorsSql } from '../../lambda/warehouse/copy';
import { acquireLeaseSql, ensureStateRowSql, readWatermarkSql, releaseLeaseSql, stateTableSql } from '../../lambda/warehouse/job-state';
import { declaredColumns, planTable, type PlannedColumn } from '../../lambda/warehouse/planner';
import { DEFAULT_COPY_OPTIONS } from '../../lib/config/schema';
import { TemplateModel } from '../cloud-contract/template-model';
import { exampleConfig, exampleStacks } from '../helpers/platform';
import { redshiftDialectProblems } from '../helpers/redshift-dialect';

/** Statement → its problems, for the statements that have any (so a failure names the statement). */
function problemsOf(statements: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(statements.map((sql) => [sql, redshiftDialectProblems(sql)]).filter(([, p]) => p.length > 0));
}

// Names Redshift reserves (and PostgreSQL accepts bare): every builder must quote them.
const RESERVED_NAMES = ['timestamp', 'user', 'tag', 'open', 'offset', 'system', 'partition', 'percent', 'new', 'old'];

describe('Firehose: the COPY each delivery stream of the example platform runs', () => {
  const config = exampleConfig();
  const stackName = `${config.name}-event-streams`;
  const model = TemplateModel.fromStacks(exampleStacks(), config.region, config.account);
  const resolvedString = (value: unknown) => String(model.resolve(stackName, value));
  const streams = [...model.allResources()]
    .filter((r) => r.stack === stackName && r.resource.Type === 'AWS::KinesisFirehose::DeliveryStream')
    .map((r) => [r.logicalId, r.resource] as const);

  /**
   * Firehose stages a manifest in the bucket and runs `COPY <DataTableName> (<DataTableColumns>) FROM '<manifest>'
   * CREDENTIALS 'aws_iam_role=<role>' MANIFEST <CopyOptions>` (the CopyCommand fields are put in as given:
   * https://docs.aws.amazon.com/firehose/latest/APIReference/API_CopyCommand.html, and the Redshift destination's
   * COPY: https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-redshift).
   */
  const firehoseCopy = (copyCommand: Record<string, unknown>) => {
    const columns = copyCommand.DataTableColumns === undefined ? '' : ` (${resolvedString(copyCommand.DataTableColumns)})`;
    return (
      `COPY ${resolvedString(copyCommand.DataTableName)}${columns} ` +
      `FROM 's3://example-delivery-bucket/data/2026/11/30/00/example-impression-1-2026-11-30-00-00-00-abcd.manifest' ` +
      `CREDENTIALS 'aws_iam_role=arn:aws:iam::${config.account}:role/firehose-delivery' MANIFEST ${resolvedString(copyCommand.CopyOptions ?? '')}`
    );
  };

  test('the example platform has delivery streams, and a column named timestamp among them', () => {
    expect(streams.length).toBe(config.firehose.streams.length);
    expect(config.firehose.streams.some((s) => s.columns.some((c) => c.name === 'timestamp'))).toBe(true);
  });

  test.each(streams.map(([id, r]) => [id, r] as const))('%s: its COPY is Redshift SQL', (_id, resource) => {
    const copyCommand = (resource.Properties!.RedshiftDestinationConfiguration as { CopyCommand: Record<string, unknown> }).CopyCommand;
    const sql = firehoseCopy(copyCommand);
    expect(redshiftDialectProblems(sql)).toEqual([]);
  });

  test('the COPY of a stream whose schema, table and columns are all reserved words', () => {
    const spec: StreamSpec = {
      name: 'odd',
      schema: 'system',
      table: 'tag',
      copyOptions: DEFAULT_COPY_OPTIONS,
      columns: RESERVED_NAMES.map((name) => ({ name, type: 'VARCHAR(16)' })),
    };
    // The function the construct builds CopyCommand with (lib/firehose/firehose-route.ts).
    const fields = firehoseCopyCommand(spec, 'bucket-1');
    const sql = `COPY ${fields.dataTableName} (${fields.dataTableColumns}) FROM 's3://bucket-1/m' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/r' MANIFEST ${fields.copyOptions}`;
    expect(redshiftDialectProblems(sql)).toEqual([]);
  });
});

describe('Firehose: table DDL, replay and load-error queries', () => {
  const spec = (columns: string[]): StreamSpec => ({
    name: 'odd',
    schema: 'events',
    table: 'offset',
    copyOptions: DEFAULT_COPY_OPTIONS,
    columns: columns.map((name) => ({ name, type: name === 'user' ? 'SUPER' : 'VARCHAR(64)' })),
  });

  test('CREATE SCHEMA / CREATE TABLE for a new table, ADD COLUMN and widening for an existing one', () => {
    const table = (stream: StreamSpec) => ({ schema: stream.schema, table: stream.table, columns: declaredColumns(stream.columns) });
    const created = planTable(table(spec(RESERVED_NAMES)), undefined, 'redshift').steps.map((s) => s.sql);
    const evolved = planTable(
      table(spec([...RESERVED_NAMES, 'percent_new'])),
      [
        ...RESERVED_NAMES.filter((n) => n !== 'tag').map((name) => ({
          name,
          type: name === 'user' ? 'SUPER' : 'character varying',
          length: name === 'open' ? 32 : 64,
        })),
      ],
      'redshift',
    ).steps.map((s) => s.sql);
    expect(created.length).toBe(2);
    expect(evolved.some((s) => s.includes('ADD COLUMN')) && evolved.some((s) => s.includes('ALTER COLUMN'))).toBe(true);
    expect(problemsOf([...created, ...evolved])).toEqual({});
  });

  test('the manifest replay COPY and the load-error queries (STL_LOAD_ERRORS, Serverless SYS_LOAD_ERROR_DETAIL)', () => {
    const replay = replayManifestSql(spec(RESERVED_NAMES), 'bucket-1', 's3://bucket-1/errors/manifests/x', 'arn:aws:iam::123456789012:role/copy');
    const loadErrors = (['provisioned', 'serverless'] as const).flatMap((type) => [
      loadErrorsSql({ schema: 'system', table: 'tag' }, 20, type),
      queryLoadErrorsSql(1234, 20, type),
    ]);
    expect(problemsOf([replay, ...loadErrors])).toEqual({});
  });
});

describe('Athena: every statement of a load', () => {
  const input = (hourly: boolean, parquetPrefix: string | undefined): LoadInput => ({
    job: 'daily-reach',
    partition: hourly ? { ds: '2026-11-30', hour: '07' } : { ds: '2026-11-30' },
    target: {
      schema: 'system',
      table: 'partition',
      columns: [...RESERVED_NAMES.map((name) => ({ name, type: 'BIGINT' })), { name: 'ds', type: 'DATE' }, { name: 'hour', type: 'SMALLINT' }],
      dayColumn: 'ds',
      hourColumn: hourly ? 'hour' : undefined,
    },
    metaSchema: 'athena_meta',
    parquetPrefix,
    copyRoleArn: 'arn:aws:iam::123456789012:role/copy',
    queryExecutionId: 'a1b2c3d4-0000-1111-2222-333344445555',
    bytesScanned: 1_000_000,
    costUsd: 0.005,
    now: new Date('2026-11-30T08:00:00Z'),
  });

  test('runs table, load transaction (daily and hourly, with and without rows), loaded partitions', () => {
    const statements = [
      ...runsTableSql('athena_meta'),
      ...loadTransactionSql(input(false, 's3://bucket-1/athena/run-1/')),
      ...loadTransactionSql(input(true, 's3://bucket-1/athena/run-2/')),
      ...loadTransactionSql(input(true, undefined)),
      loadedPartitionsSql('athena_meta', 'daily-reach', '2026-11-01'),
    ];
    expect(statements.some((s) => s.startsWith('COPY'))).toBe(true);
    expect(problemsOf(statements)).toEqual({});
  });
});

describe('MySQL sync: the Redshift flavour of every statement', () => {
  const source = (name: string, dataType: string, columnType = dataType, extra: Partial<SourceColumn> = {}): SourceColumn => ({
    name,
    dataType,
    columnType,
    charMaxLength: dataType === 'varchar' ? 20 : null,
    numericPrecision: null,
    numericScale: null,
    charset: dataType === 'varchar' ? 'utf8mb4' : null,
    nullable: true,
    primaryKey: false,
    ...extra,
  });
  const columns = [
    mapColumn(source('id', 'bigint', 'bigint unsigned', { nullable: false, primaryKey: true })),
    ...RESERVED_NAMES.map((name) => mapColumn(source(name, 'varchar', 'varchar(20)'))),
    mapColumn(source('updated_at', 'datetime')),
    mapColumn(source('doc', 'json')),
    mapColumn(source('place', 'point')),
    mapColumn(source('ratio', 'float')),
  ];
  const target = { schema: 'system', table: 'user' };

  test.each(SYNC_MODES.map((m) => [m]))('%s: target DDL, state, lease, stage and merge', (mode) => {
    const key = mode === 'FULL_COPY' ? undefined : 'id';
    const planned: PlannedColumn[] = targetColumns({ name: 'orders-hourly', table: 'user', mode, key, target }, columns, columns[0].source);
    // The table as it was: every VARCHAR shorter, one column missing.
    const existing = planned
      .filter((c) => c.type.kind === 'VARCHAR' && c.name !== columns[2].name)
      .map((c) => ({ name: c.name, type: 'CHARACTER VARYING', length: 1 }));
    const plan = loadPlan({ mode, target, columns: columns.map((c) => c.name), key, stateSchema: 'sync_meta', job: 'orders-hourly' });
    const statements = [
      ...planTable(targetTable({ name: 'orders-hourly', table: 'user', mode, key, target }, columns, columns[0].source), undefined, 'redshift').steps.map(
        (s) => s.sql,
      ),
      ...planTable({ ...target, columns: planned.filter((c) => c.type.kind === 'VARCHAR') }, existing, 'redshift', { match: 'holds' }).steps.map((s) => s.sql),
      ...stateTableSql('sync_meta'),
      ensureStateRowSql('sync_meta', 'orders-hourly', mode),
      acquireLeaseSql('sync_meta', 'orders-hourly', 'run-1', new Date('2026-11-30T00:00:00Z'), new Date('2026-11-30T00:15:00Z')),
      releaseLeaseSql('sync_meta', 'orders-hourly', 'run-1'),
      readWatermarkSql('sync_meta', 'orders-hourly'),
      ...plan.before,
      ...plan.after({ watermark: mode === 'FULL_COPY' ? undefined : '42', rows: 10, now: new Date('2026-11-30T00:10:00Z') }),
      // A FULL_COPY spread over runs: a part, the catalog facts that choose the swap, and the last part by either swap;
      // a first copy's parts and the rename that puts its staging table in place.
      swapFactsSql(target),
      ...(
        [
          [false, undefined, false],
          [true, 'copy', false],
          [true, 'rename', false],
          [false, undefined, true],
          [true, 'rename', true],
        ] as const
      ).flatMap(([last, swap, intoPlace]) => {
        const part = stagedFullCopyPlan({ target, columns: columns.map((c) => c.name), stateSchema: 'sync_meta', job: 'orders-hourly', last, swap, intoPlace });
        return [...part.before, ...part.after({ watermark: '42', rows: 10, now: new Date('2026-11-30T00:10:00Z') })];
      }),
    ];
    expect(statements.some((s) => s.includes('ADD COLUMN')) && statements.some((s) => s.includes('ALTER COLUMN'))).toBe(true);
    expect(statements.some((s) => s.endsWith('SORTKEY ("id")'))).toBe(mode !== 'FULL_COPY');
    expect(problemsOf(statements)).toEqual({});
  });

  test('the PostgreSQL flavour is not Redshift SQL (JSONB for SUPER), which the checker sees', () => {
    const planned = targetColumns({ name: 'j', table: 'user', mode: 'UPDATE_LATEST_COPY', key: 'id', target }, columns, columns[0].source);
    const postgres = planTable({ ...target, columns: planned }, undefined, 'postgres').steps.map((s) => s.sql);
    expect(Object.values(problemsOf(postgres)).flat().join('\n')).toMatch(/data type JSONB: Redshift has no JSON types \(use SUPER\)/);
    expect(planTable({ ...target, columns: planned }, undefined, 'redshift').steps[1].sql).toMatch(/"doc" SUPER, "place" GEOMETRY, "ratio" REAL\)$/);
  });
});
