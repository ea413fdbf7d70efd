/**
 * The shell of one Athena job run, one step per Lambda invocation: it looks at AWS for the current phase (start
 * the UNLOAD, watch it, start or watch the Redshift load), lets `advance` decide, and reports a finished run
 * (metrics and a JANDI message). Step Functions loops over it, waiting `waitSeconds` between steps, so no Lambda
 * ever waits for a long query.
 */
import { GetQueryExecutionCommand, StartQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import { BatchExecuteStatementCommand, DescribeStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod/mini';
import { RedshiftData, type RedshiftConnection } from '../warehouse/data-api';
import { applyPlans, declaredColumns, planTables, SchemaChangeError } from '../warehouse/planner';
import { messagesFor, type Language, type Messages } from '../core/messages/catalogue';
import type { Notification } from '../core/notification';
import { clientToken } from '../warehouse/retry';
import { parsePartitionKey, partitionKey, partitionsToCatchUp, renderSql, scheduledPartition, type Granularity, type Partition } from './core/partition';
import { loadEnded, loadObservation, queryObservation, startQueryFailure } from './core/observations';
import { advance, costUsd, loadOverdue, newRun, type Observation, type RetryPolicy, type RunState } from './core/run';
import { loadTransactionSql, runsTableSql, unloadSql } from './core/sql';
import { loadedPartitionKeys } from './run-records';

const identifier = z.string().check(z.regex(/^[a-z_][a-z0-9_]{0,126}$/));

const jobName = z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,39}$/));

/**
 * A job as deployed with the step function (lib/athena/jobs.ts writes them at synth): its SQL, target and limits.
 * Runs name the job; they never carry its SQL or target, so whoever can start an execution can only run what was
 * deployed, for a partition.
 */
export const jobSpecSchema = z.object({
  name: jobName,
  granularity: z.enum(['daily', 'hourly']),
  database: z.string().check(z.regex(/^[A-Za-z0-9_]{1,255}$/)),
  sql: z.string().check(z.minLength(1), z.maxLength(100_000)),
  /** CREATE EXTERNAL TABLE IF NOT EXISTS ... over the raw prefix, run before each run's query (DDL is free). */
  sourceDdl: z.optional(z.string().check(z.minLength(1), z.maxLength(100_000))),
  target: z.object({
    schema: identifier,
    table: identifier,
    columns: z.array(z.object({ name: identifier, type: z.string() })).check(z.minLength(1)),
    dayColumn: identifier,
    hourColumn: z.optional(identifier),
  }),
  deadlineMinutes: z.number().check(z.int(), z.minimum(5), z.maximum(24 * 60)),
  maxAttempts: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
  /** Earlier partitions a scheduled run looks back over for ones without a run record. @default 0 */
  catchUpPartitions: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(168))),
});
export type JobSpec = z.infer<typeof jobSpecSchema>;

export interface StepSettings {
  /** The deployed jobs: the only SQL and targets a run can use. */
  readonly jobs: readonly JobSpec[];
  readonly workgroup: string;
  readonly outputBucket: string;
  readonly copyRoleArn: string;
  readonly metaSchema: string;
  readonly timezone: string;
  readonly warehouse: RedshiftConnection;
  readonly topicArn: string;
  /** The job state machine, which scheduled runs start again for partitions to catch up. */
  readonly stateMachineArn?: string;
  /** The language of its JANDI messages. @default 'en' */
  readonly language?: Language;
}

export interface StepDependencies {
  readonly athena: AthenaClient;
  readonly s3: S3Client;
  readonly data: RedshiftDataClient;
  readonly notify: (notification: Notification) => Promise<void>;
  readonly metric: (job: string, values: Record<string, number>) => void;
  readonly now: () => Date;
  readonly random?: () => number;
  /** Starts a run of the job state machine (catch-up); an existing run of that name counts as started. */
  readonly startRun?: (name: string, input: object) => Promise<void>;
}

export interface StepInput {
  /** The job's name: its SQL and target are the deployed ones (StepSettings.jobs). */
  readonly job: string;
  /** 'scheduled' (the partition before now), or a partition key. */
  readonly partition: string;
  /** The execution's name; present once the run started. */
  readonly runId: string;
  readonly run?: RunState;
}

export interface StepOutput extends StepInput {
  readonly run: RunState;
}

/** Strict: an input with anything more (SQL, a target, a whole job) is refused, not passed along. */
const stepInputSchema = z.strictObject({
  job: jobName,
  partition: z.string(),
  runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/)),
  run: z.optional(z.any()),
});

/**
 * The state the orchestrator passes: the previous step's output, or `{ state, runId }` where Step Functions wraps
 * the state and adds the execution's name (a run's first step has no runId in its state yet).
 */
export function validateStepInput(event: unknown): StepInput {
  const wrapped = event as { state?: Record<string, unknown>; runId?: unknown } | null;
  const flat =
    wrapped && typeof wrapped === 'object' && wrapped.state && typeof wrapped.state === 'object'
      ? { ...wrapped.state, runId: wrapped.state.runId ?? wrapped.runId }
      : event;
  const parsed = stepInputSchema.safeParse(flat);
  if (!parsed.success) throw new Error(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data as StepInput;
}

/** The deployed spec of the job a run names. */
export function deployedJob(settings: StepSettings, name: string): JobSpec {
  const job = settings.jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no deployed Athena job ${JSON.stringify(name)}; deployed: ${settings.jobs.map((j) => j.name).join(', ') || 'none'}`);
  return job;
}

function outputPrefix(settings: StepSettings, run: RunState): string {
  return `s3://${settings.outputBucket}/unload/${run.job}/${run.partition}/${run.runId}-a${run.attempt}/`;
}

async function observe(job: JobSpec, run: RunState, settings: StepSettings, deps: StepDependencies): Promise<Observation> {
  const granularity = job.granularity as Granularity;
  const partition = parsePartitionKey(granularity, run.partition);
  const startQuery = async (query: string, token: string): Promise<Observation> => {
    try {
      const started = await deps.athena.send(
        new StartQueryExecutionCommand({
          QueryString: query,
          WorkGroup: settings.workgroup,
          QueryExecutionContext: { Database: job.database },
          // The same token for a retried invocation of this attempt: Athena starts the query once.
          ClientRequestToken: token.padEnd(32, '0'),
        }),
      );
      return { kind: 'query-started', queryExecutionId: started.QueryExecutionId! };
    } catch (error) {
      const seen = startQueryFailure(error as Error);
      if (seen) return seen;
      throw error;
    }
  };
  const watchQuery = async (id: string | undefined): Promise<Observation> =>
    queryObservation((await deps.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution);
  switch (run.phase) {
    case 'prepare':
      if (!job.sourceDdl) throw new Error(`job ${job.name} has no source DDL to prepare`);
      return startQuery(job.sourceDdl, `${run.runId}-d${run.attempt}`);
    case 'preparing':
      return watchQuery(run.ddlQueryExecutionId);
    case 'start':
      return startQuery(unloadSql(renderSql(job.sql, granularity, partition), outputPrefix(settings, run)), `${run.runId}-a${run.attempt}`);
    case 'query':
      return watchQuery(run.queryExecutionId);
    case 'load': {
      if (!run.statementId) {
        const redshift = new RedshiftData(deps.data, settings.warehouse, { statementName: 'athena-load' });
        for (const sql of runsTableSql(settings.metaSchema)) await redshift.execute(sql);
        try {
          const target = { owner: `job ${job.name}`, schema: job.target.schema, table: job.target.table, columns: declaredColumns(job.target.columns) };
          await applyPlans(redshift, await planTables(redshift, [target], 'redshift'));
        } catch (error) {
          // A declared type the target cannot take is the job's configuration, not a crash: report it like a failed load.
          if (error instanceof SchemaChangeError) return { kind: 'load-failed', error: error.message };
          throw error;
        }
        const prefix = outputPrefix(settings, run);
        const key = prefix.slice(`s3://${settings.outputBucket}/`.length);
        const listed = await deps.s3.send(new ListObjectsV2Command({ Bucket: settings.outputBucket, Prefix: key, MaxKeys: 1 }));
        const statements = loadTransactionSql({
          job: job.name,
          partition,
          target: {
            schema: job.target.schema,
            table: job.target.table,
            columns: job.target.columns,
            dayColumn: job.target.dayColumn,
            hourColumn: job.target.hourColumn,
          },
          metaSchema: settings.metaSchema,
          // A query with no rows leaves no file: the partition is then emptied and the run recorded.
          parquetPrefix: (listed.KeyCount ?? 0) > 0 ? prefix : undefined,
          copyRoleArn: settings.copyRoleArn,
          queryExecutionId: run.queryExecutionId!,
          bytesScanned: run.bytesScanned ?? 0,
          costUsd: costUsd(run.bytesScanned ?? 0),
        });
        // The same run, query attempt and load try give the same token: a step Step Functions retries after it
        // submitted gets the same statement back instead of a second load. A new try (after a serialization
        // conflict) has a token of its own.
        const token = clientToken('athena', job.name, run.runId, run.attempt, run.loadAttempt ?? 1);
        const batch = await deps.data.send(
          new BatchExecuteStatementCommand({ ...redshift.target, Sqls: statements, StatementName: `athena-${job.name}`, ClientToken: token }),
        );
        return { kind: 'load-started', statementId: batch.Id! };
      }
      let described = await deps.data.send(new DescribeStatementCommand({ Id: run.statementId }));
      if (!loadEnded(described) && loadOverdue(run, deps.now())) {
        // A statement keeps running after its caller stops looking: cancel it before the run ends, so it cannot
        // overlap the partition's next run. One look here; the state machine comes back while it has not ended.
        const ended = await new RedshiftData(deps.data, settings.warehouse).cancel(run.statementId, 1);
        if (ended === undefined) return { kind: 'load-cancel-pending' };
        if (ended.Status === 'ABORTED' || ended.Status === 'FAILED') return { kind: 'load-cancelled', status: ended.Status };
        described = ended;
      }
      return loadObservation(described);
    }
    default:
      throw new Error(`run ${run.runId} is ${run.phase}; nothing to do`);
  }
}

/** One step of a run: starts it when the input has none, otherwise observes and advances it. */
export async function step(event: unknown, settings: StepSettings, deps: StepDependencies, policy?: Partial<RetryPolicy>): Promise<StepOutput> {
  const input = validateStepInput(event);
  const job = deployedJob(settings, input.job);
  const now = deps.now();
  const granularity = job.granularity as Granularity;
  const run =
    input.run ??
    newRun({
      job: job.name,
      partition: partitionKey(
        input.partition === 'scheduled' ? scheduledPartition(granularity, now, settings.timezone) : parsePartitionKey(granularity, input.partition),
      ),
      runId: input.runId,
      now,
      deadlineMinutes: job.deadlineMinutes,
      hasSourceDdl: job.sourceDdl !== undefined,
    });
  if (!input.run && input.partition === 'scheduled') await catchUp(job, parsePartitionKey(granularity, run.partition), settings, deps);
  const seen = await observe(job, run, settings, deps);
  const next = advance(run, seen, deps.now(), { maxAttempts: job.maxAttempts, baseSeconds: 30, capSeconds: 900, ...policy }, deps.random);
  if (next.phase === 'done' || next.phase === 'failed') await report(job, next, deps, messagesOf(settings));
  return { ...input, run: next };
}

/**
 * Starts runs for earlier partitions that have no run record. The execution name holds the scheduled partition, so
 * each is tried at most once per scheduled run, and a retried step does not start it twice. Never fails the run.
 */
async function catchUp(job: JobSpec, scheduled: Partition, settings: StepSettings, deps: StepDependencies): Promise<void> {
  const lookback = job.catchUpPartitions ?? 0;
  if (lookback === 0 || !deps.startRun) return;
  try {
    const redshift = new RedshiftData(deps.data, settings.warehouse, { statementName: 'athena-catch-up' });
    const granularity = job.granularity as Granularity;
    const oldest = partitionsToCatchUp(granularity, scheduled, lookback, new Set())[0];
    if (!oldest) return;
    const loaded = await loadedPartitionKeys(redshift, settings.metaSchema, job.name, partitionKey(oldest));
    const missing = partitionsToCatchUp(granularity, scheduled, lookback, loaded);
    for (const partition of missing) {
      const name = `catchup-${job.name}-${partitionKey(partition)}-for-${partitionKey(scheduled)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
      await deps.startRun(name, { job: job.name, partition: partitionKey(partition) });
    }
  } catch (error) {
    await deps.notify(catchUpFailure(job.name, (error as Error).message, messagesOf(settings)));
  }
}

const messagesOf = (settings: StepSettings): Messages => messagesFor(settings.language ?? 'en');

/** The warning that a scheduled run could not look for partitions to catch up (the run itself goes on). */
export function catchUpFailure(job: string, error: string, messages: Messages): Notification {
  const say = messages.reports;
  return { source: 'athena', severity: 'warning', title: say.athenaCatchUpFailed(job), fields: [{ title: say.fieldError, value: error }] };
}

async function report(job: JobSpec, run: RunState, deps: StepDependencies, messages: Messages): Promise<void> {
  const seconds = Math.round((deps.now().getTime() - Date.parse(run.startedAt)) / 1000);
  const bytes = run.bytesScanned ?? 0;
  if (run.phase === 'done') {
    deps.metric(job.name, { BytesScanned: bytes, CostUSD: costUsd(bytes), RowsLoaded: run.rowsLoaded ?? 0, Duration: seconds, Attempts: run.attempt });
  } else {
    deps.metric(job.name, { FailedRuns: 1, BytesScanned: bytes, CostUSD: bytes > 0 ? costUsd(bytes) : 0 });
  }
  await deps.notify(runReport(job, run, seconds, messages));
}

/** The JANDI message of a finished run: loaded (`done`) or failed, with what it scanned, took and tried. */
export function runReport(job: JobSpec, run: RunState, seconds: number, messages: Messages): Notification {
  const say = messages.reports;
  const bytes = run.bytesScanned ?? 0;
  const fields = [
    { title: say.fieldJob, value: say.athenaJob(job.name, job.granularity) },
    { title: say.fieldPartition, value: run.partition },
    { title: say.fieldQueryExecution, value: run.queryExecutionId ?? say.athenaNoQuery },
    { title: say.fieldScanned, value: say.athenaScanned(bytes, costUsd(bytes)) },
    { title: say.fieldDuration, value: say.athenaDuration(seconds, run.attempt) },
  ];
  if (run.phase === 'done') {
    return {
      source: 'athena',
      severity: 'success',
      title: say.athenaLoaded(job.name, run.partition),
      fields: [...fields, { title: say.fieldRows, value: say.athenaRows(run.rowsLoaded ?? 0, `${job.target.schema}.${job.target.table}`) }],
    };
  }
  return {
    source: 'athena',
    severity: 'failure',
    title: say.athenaFailed(job.name, run.partition),
    text: say.athenaBackfillHint(`npm run --silent athena -- backfill --job ${job.name} --from ${run.partition} --to ${run.partition}`),
    fields: [
      ...fields,
      { title: say.fieldError, value: run.error ?? say.unknownError },
      ...(run.attempts.length > 1 ? [{ title: say.fieldAttempts, value: run.attempts.join('\n') }] : []),
    ],
  };
}
