/**
 * Check 4: the warehouse answers through the Data API (SELECT 1), the declared tables exist (one catalog query with
 * the names as parameters), and each Firehose stream's JSONPaths file is in the delivery bucket (HeadObject).
 * The event tables and JSONPaths files are deployed with the event-streams stack, so a missing one fails; the sync's
 * and the Athena jobs' tables are created by their first run, so a missing one is only reported.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { jsonPathsKey } from '../../../lambda/firehose/core/copy';
import type { PlatformConfig } from '../../config/schema';
import { redshiftConnection } from '../../config/warehouse';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, isAccessDenied, pass, skip, type CheckResult, type Probe } from '../result';
import { DoctorStatements } from '../statements';
import { describeStack } from './stacks';

export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

const qualified = (t: TableRef) => `${t.schema}.${t.table}`;

/** Tables the configuration declares: the event tables (deployed with the stack) and the jobs' (made by their first run). */
export function declaredTables(config: PlatformConfig): { readonly events: TableRef[]; readonly jobs: TableRef[] } {
  const unique = (tables: TableRef[]) => [...new Map(tables.map((t) => [qualified(t), t])).values()];
  return {
    events: unique(config.firehose.streams.map((s) => ({ schema: s.schema, table: s.table }))),
    jobs: unique([
      ...config.mysql.jobs.map((j) => ({ schema: j.target.schema, table: j.target.table ?? j.table })),
      ...config.athena.jobs.map((j) => ({ schema: j.target.schema, table: j.target.table })),
    ]),
  };
}

/** One catalog query for all of them: each name a parameter. */
export function tablesQuery(tables: readonly TableRef[]): { readonly sql: string; readonly parameters: Record<string, string> } {
  const parameters: Record<string, string> = {};
  const conditions = tables.map((t, i) => {
    parameters[`schema${i}`] = t.schema;
    parameters[`table${i}`] = t.table;
    return `(table_schema = :schema${i} AND table_name = :table${i})`;
  });
  return { sql: `SELECT table_schema, table_name FROM svv_tables WHERE ${conditions.join(' OR ')}`, parameters };
}

const connectionText = (config: PlatformConfig) =>
  `${config.warehouse.type === 'provisioned' ? `cluster ${config.warehouse.clusterIdentifier}` : `workgroup ${config.warehouse.workgroupName}`}, database ${config.warehouse.database}`;

export function decideWarehouse(
  config: PlatformConfig,
  outcome: { readonly rows: Record<string, unknown>[]; readonly seconds: number } | { readonly error: unknown },
): CheckResult {
  const check = 'warehouse';
  if ('error' in outcome) {
    return fail(
      check,
      `${connectionText(config)}: ${describeError(outcome.error)}`,
      isAccessDenied(outcome.error)
        ? 'your credentials need redshift-data:ExecuteStatement, DescribeStatement and GetStatementResult, and secretsmanager:GetSecretValue on the warehouse secret'
        : "check warehouse.clusterIdentifier (or workgroupName), database and secretArn in the configuration, that the cluster is available, and that the secret's user may log in",
    );
  }
  const answer = outcome.rows[0] ? Object.values(outcome.rows[0])[0] : undefined;
  if (Number(answer) !== 1)
    return fail(check, `SELECT 1 answered ${JSON.stringify(answer ?? null)}`, 'see the statement in SYS_QUERY_HISTORY (name platform-doctor)');
  return pass(check, `SELECT 1 answered in ${outcome.seconds.toFixed(1)} s (${connectionText(config)})`);
}

export function decideTables(declared: { readonly events: readonly TableRef[]; readonly jobs: readonly TableRef[] }, found: readonly TableRef[]): CheckResult {
  const check = 'warehouse tables';
  const present = new Set(found.map((t) => qualified({ schema: t.schema.toLowerCase(), table: t.table.toLowerCase() })));
  const missing = (tables: readonly TableRef[]) => tables.filter((t) => !present.has(qualified(t).toLowerCase())).map(qualified);
  const events = missing(declared.events);
  const jobs = missing(declared.jobs);
  const jobText =
    declared.jobs.length === 0
      ? 'no job tables'
      : `${declared.jobs.length - jobs.length} of ${declared.jobs.length} job tables${jobs.length > 0 ? ` (not yet created by a first run: ${jobs.join(', ')})` : ''}`;
  if (events.length > 0) {
    return fail(
      check,
      `event tables missing: ${events.join(', ')}; ${jobText}`,
      "the event-streams stack creates them at deploy (its firehose-schema function): see that function's log, then deploy the event-streams stack again",
    );
  }
  return pass(check, `${declared.events.length} event tables; ${jobText}`);
}

/** The delivery bucket, from the event-streams stack's DeliveryBucketName output (lib/firehose/firehose-route.ts). */
export function deliveryBucketOutput(outputs: readonly { OutputKey?: string; OutputValue?: string }[] | undefined): string | undefined {
  return outputs?.find((o) => /DeliveryBucketName/.test(o.OutputKey ?? ''))?.OutputValue;
}

export type HeadOutcome = 'found' | 'missing' | { readonly error: unknown };

export function decideJsonPaths(config: PlatformConfig, bucket: string | undefined, heads: ReadonlyMap<string, HeadOutcome>): CheckResult {
  const check = 'jsonpaths files';
  const stack = `${config.name}-event-streams`;
  if (!bucket) return fail(check, `the stack ${stack} has no DeliveryBucketName output`, `npx cdk deploy -c env=${config.name} ${stack}`);
  const where = `s3://${bucket}/jsonpaths/`;
  const missing = [...heads].filter(([, o]) => o === 'missing').map(([s]) => s);
  const errors = [...heads].filter(([, o]) => typeof o === 'object') as [string, { error: unknown }][];
  if (errors.length > 0) {
    return fail(
      check,
      `cannot look at ${errors.map(([s, o]) => `${s} (${describeError(o.error)})`).join(', ')} in ${where}`,
      'your credentials need s3:GetObject and s3:ListBucket on the delivery bucket (without ListBucket a missing file answers 403)',
    );
  }
  if (missing.length > 0) {
    return fail(
      check,
      `missing in ${where}: ${missing.map((s) => jsonPathsKey(s).slice('jsonpaths/'.length)).join(', ')}; every COPY of those streams fails`,
      `the event-streams stack writes them at deploy: npx cdk deploy -c env=${config.name} ${stack}`,
    );
  }
  return pass(check, `${heads.size} of ${heads.size} in ${where}`);
}

export function warehouseProbes(context: DoctorContext): Probe[] {
  const { config } = context;
  const statements = () => new DoctorStatements(context.clients.data, redshiftConnection(config.warehouse), { sleep: context.sleep });
  const probes: Probe[] = [
    {
      name: 'warehouse',
      timeoutMs: 90_000,
      run: async () => {
        const started = context.now().getTime();
        const outcome = await attempt(statements().query('SELECT 1 AS answer'));
        const seconds = (context.now().getTime() - started) / 1000;
        return [decideWarehouse(config, 'error' in outcome ? outcome : { rows: outcome.value, seconds })];
      },
    },
  ];
  const declared = declaredTables(config);
  const all = [...declared.events, ...declared.jobs];
  probes.push({
    name: 'warehouse tables',
    timeoutMs: 90_000,
    run: async () => {
      if (all.length === 0) return [skip('warehouse tables', 'the configuration declares no tables')];
      const { sql, parameters } = tablesQuery(all);
      const rows = await statements().query(sql, parameters);
      return [
        decideTables(
          declared,
          rows.map((r) => ({ schema: String(r.table_schema), table: String(r.table_name) })),
        ),
      ];
    },
  });
  probes.push({
    name: 'jsonpaths files',
    timeoutMs: 60_000,
    run: async () => {
      if (config.firehose.streams.length === 0) return [skip('jsonpaths files', 'the configuration has no Firehose streams')];
      const stack = await describeStack(context, `${config.name}-event-streams`);
      const bucket = deliveryBucketOutput(stack?.Outputs);
      const heads = new Map<string, HeadOutcome>();
      if (bucket) {
        for (const stream of config.firehose.streams) {
          const outcome = await attempt(context.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: jsonPathsKey(stream.name) })));
          const name = 'error' in outcome ? String((outcome.error as { name?: unknown })?.name) : '';
          heads.set(stream.name, 'value' in outcome ? 'found' : name === 'NotFound' || name === 'NoSuchKey' ? 'missing' : { error: outcome.error });
        }
      }
      return [decideJsonPaths(config, bucket, heads)];
    },
  });
  return probes;
}
