/**
 * The environment configuration: one YAML file per environment (config/NAME.yaml), validated here at synth.
 * Section shapes are the contract between operators and every construct; cross-field rules live in ./checks.
 */
import { LANGUAGES } from '../../lambda/core/messages/language';
import { z } from 'zod';
import {
  awsAccount,
  awsRegion,
  clockTime,
  calendarList,
  calendarName,
  daysActive,
  email,
  hostName,
  integer,
  isoDate,
  mysqlIdentifier,
  oneOf,
  redshiftType,
  resourceName,
  scheduleExpression,
  secretArn,
  securityGroupId,
  subnetId,
  timeZone,
  vpcId,
  warehouseIdentifier,
} from './fields';
import { INSTANCE_KINDS } from '../../lambda/scheduler/core/model';
import { SYNC_MODES } from '../../lambda/sync/core/sql';
import { MAX_WORKERS } from '../../lambda/sync/core/job';
import { parseCopyOptions } from '../../lambda/firehose/core/copy';
import { crossCheck } from './checks';

/** Firehose's COPY options for JSON events, as the design asks; a stream may override them. */
export const DEFAULT_COPY_OPTIONS = "GZIP TIMEFORMAT AS 'YYYY-MM-DDTHH:MI:SS' ACCEPTINVCHARS TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE OFF";

/**
 * COPY options Firehose writes into its COPY as given: words of letters, digits and . : , ( ) - _ outside quotes,
 * quoted values of printable ASCII without ', \ or ; (DATEFORMAT 'MM/DD/YYYY', ACCEPTINVCHARS AS '^'), no
 * comment; then what COPY itself refuses of them (parseCopyOptions).
 */
const copyOptions = z
  .string()
  .regex(/^(?:[A-Za-z0-9_ .:,()]|-(?!-)|'[\x20-\x26\x28-\x3a\x3c-\x5b\x5d-\x7e]*')*$/, {
    error: "expected COPY options (letters, digits, spaces and . : , ( ) - _ outside quotes, printable ASCII but ' \\ ; inside them; no ; or comments)",
  })
  .superRefine((text, context) => {
    try {
      parseCopyOptions(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const tagKey = z.string().regex(/^[A-Za-z0-9 _.:/=+@-]{1,128}$/, { error: 'expected an AWS tag key (1-128 characters)' });
const scheduleName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, { error: 'expected a schedule name: letters, digits, _ and -, at most 40' });
const groupName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { error: 'expected a group name: letters, digits, _ and -, at most 40' });

const network = z.strictObject({
  vpcId,
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, { error: 'expected an availability zone such as ap-northeast-2a' })).min(1),
  privateSubnetIds: z.array(subnetId).min(1, { error: 'expected at least one private subnet id' }),
});

const warehouseCommon = {
  database: warehouseIdentifier,
  secretArn,
  /**
   * The cluster's slices (nodes times slices per node; for Serverless, what it is sized like): the sync writes each
   * load's files in sets of this many, of about equal size, as COPY's guidance asks. The default suits clusters of
   * 1, 2, 4 or 8 slices.
   */
  slices: integer(1, 10000, 'slices').default(8),
  /** Role associated with the cluster or workgroup that COPY uses to read the staged files (MySQL sync). */
  copyRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, {
      error: 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/redshift-copy',
    })
    .optional(),
  /**
   * The cluster's or workgroup's endpoint host, which Firehose connects to (jdbc:redshift://HOST:PORT/DATABASE).
   * Needed when there are Firehose streams; taken from configuration because synth makes no lookups. Firehose
   * connects from its published address range for the region, so this is the public endpoint of a publicly
   * accessible cluster or workgroup whose security group allows that range on `port`
   * (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs-vpc).
   */
  host: hostName.optional(),
  port: integer(1150, 65535, 'port').default(5439),
};
const warehouse = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('provisioned'),
      clusterIdentifier: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { error: 'expected a Redshift cluster identifier' }),
      ...warehouseCommon,
    }),
    z.strictObject({
      type: z.literal('serverless'),
      workgroupName: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: 'expected a Redshift Serverless workgroup name' }),
      ...warehouseCommon,
    }),
  ],
  { error: 'expected type provisioned (with clusterIdentifier) or serverless (with workgroupName)' },
);

const jandi = z.strictObject({
  webhookSecretArn: secretArn,
  /** The language of every JANDI message and bot reply; the bot's commands stay the same in both. */
  language: oneOf(LANGUAGES).default('en'),
  requestTimeoutSeconds: integer(1, 30, 'seconds').default(5),
  /** Who hears about alerts the notifier could not deliver to JANDI (its dead-letter alarm). */
  fallbackEmails: z.array(email).default([]),
  /** The chat bot that steers the scheduler (a JANDI Outgoing Webhook); omit to go without. */
  bot: z
    .strictObject({
      /** Secret holding the Outgoing Webhook's token (the token itself, or JSON {"token": ...}). */
      tokenSecretArn: secretArn,
      /** Topics (JANDI room names) commands are accepted from. */
      topics: z.array(z.string().min(1).max(200)).min(1, { error: 'expected at least one topic name' }),
      /** The webhook's keyword as people type it. */
      keyword: z
        .string()
        .regex(/^\/?[A-Za-z0-9_-]{1,50}$/, { error: 'expected a keyword such as /scheduler (letters, digits, _ and -, at most 50)' })
        .default('/scheduler'),
    })
    .optional(),
});

const column = z.strictObject({
  name: warehouseIdentifier,
  type: redshiftType,
  jsonPath: z
    .string()
    .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\['[^'\\]+'\]|\[\d+\])+$/, {
      error: "expected a JSONPath of Redshift's bracket or dot notation, such as $.user_id or $['user id']",
    })
    .optional(),
});

const stream = z.strictObject({
  name: resourceName,
  schema: warehouseIdentifier.default('public'),
  table: warehouseIdentifier,
  columns: z.array(column).min(1, { error: 'expected at least one column' }),
  buffering: z.strictObject({ sizeMB: integer(1, 128, 'MB').default(64), intervalSeconds: integer(0, 900, 'seconds').default(60) }).prefault({}),
  copyOptions: copyOptions.default(DEFAULT_COPY_OPTIONS),
  retrySeconds: integer(0, 7200, 'seconds').default(3600),
  logFile: z
    .string()
    .regex(/^\/[^\s]*$/, { error: 'expected an absolute path on the app servers' })
    .optional(),
});

const mysqlSource = z.strictObject({
  name: resourceName,
  host: hostName,
  port: integer(1, 65535, 'port').default(3306),
  database: mysqlIdentifier,
  secretArn,
  securityGroupIds: z.array(securityGroupId).min(1, { error: 'expected at least one security group id' }),
  timezone: timeZone.default('UTC'),
  /** TLS verified against the RDS certificate authorities; false only for a server without TLS (a local one). */
  tls: z.boolean({ error: 'expected true (TLS, verified against the RDS certificate authorities) or false (a server without TLS)' }).default(true),
});

const syncJob = z.strictObject({
  name: resourceName,
  source: resourceName,
  table: mysqlIdentifier,
  mode: oneOf(SYNC_MODES),
  schedule: scheduleExpression,
  primaryKey: mysqlIdentifier.optional(),
  updatedAtColumn: mysqlIdentifier.optional(),
  overlapMinutes: integer(0, 1440, 'minutes').default(5),
  /** Text longer than its Redshift column (65,535 bytes at most): stop with an error, or cut it and count. */
  oversizeText: oneOf(['error', 'truncate'] as const).default('error'),
  /** MySQL columns left out (a type Redshift cannot hold, or data the team does not need); never the key columns. */
  excludeColumns: z.array(mysqlIdentifier).default([]),
  /**
   * MySQL connections reading side by side, a range of the integer primary key each: a FULL_COPY fans out to this
   * many function invocations at a time, an INCREMENTAL_COPY reads each chunk with this many in one invocation.
   */
  workers: integer(1, MAX_WORKERS, 'workers').default(1),
  /**
   * How a FULL_COPY staged across runs replaces its target: copy (keeps the target and everything attached to it) or
   * rename (the rows written once; for targets without row-level security, masking, comments or datashares).
   */
  fullCopySwap: oneOf(['copy', 'rename'] as const).default('copy'),
  target: z.strictObject({ schema: warehouseIdentifier.default('public'), table: warehouseIdentifier.optional() }).prefault({}),
});

const glueName = z.string().regex(/^[a-z0-9_]{1,255}$/, { error: 'expected a Glue name: lower-case letters, digits and _' });
const sqlPath = (suffix: string) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_./-]+\\${suffix}$`), { error: `expected a path to a ${suffix} file, relative to the repository root` });

const athenaJob = z.strictObject({
  name: resourceName,
  schedule: scheduleExpression,
  partition: oneOf(['daily', 'hourly'] as const).default('daily'),
  source: z.strictObject({
    /** Glue database the query runs in (its default database). */
    database: glueName,
    /** Where the raw files are (s3://bucket/prefix/): the runs may read there and nowhere else. */
    location: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/([A-Za-z0-9_.=/-]+\/)?$/, { error: 'expected s3://BUCKET/PREFIX/ (ending in /)' }),
    /** A CREATE EXTERNAL TABLE IF NOT EXISTS over the location, run before each query; omit when Glue has the table. */
    ddlFile: sqlPath('.sql').optional(),
  }),
  /** The query: one SELECT over one partition, with {{ds}} (and {{hour}} for hourly jobs). */
  sqlFile: sqlPath('.sql'),
  target: z.strictObject({
    schema: warehouseIdentifier.default('public'),
    table: warehouseIdentifier,
    /** The query's result columns, in order, with their Redshift types. */
    columns: z.array(z.strictObject({ name: warehouseIdentifier, type: redshiftType })).min(1, { error: 'expected at least one column' }),
    /** Column holding the partition's day: a rerun deletes the rows where it equals {{ds}}. */
    dayColumn: warehouseIdentifier.default('ds'),
    /** Column holding the hour (hourly jobs). */
    hourColumn: warehouseIdentifier.optional(),
  }),
  /** How long a run may keep retrying before it gives up and alerts. */
  deadlineMinutes: integer(5, 1440, 'minutes').default(180),
  maxAttempts: integer(1, 50, 'attempts').default(8),
  /** Earlier partitions each scheduled run checks for a missing run record and runs again. */
  catchUpPartitions: integer(0, 168, 'partitions').default(3),
});

const schedule = z.strictObject({
  name: scheduleName,
  tagValue: z.string().min(1).max(256).optional(),
  daysActive,
  startTime: clockTime,
  stopTime: clockTime,
  enabled: z.boolean().default(true),
  timezone: timeZone.optional(),
  /** Calendars whose holidays the schedule skips, comma-separated: KR, or KR,COMPANY. */
  skipHolidays: calendarList.optional(),
  enforce: z.boolean().default(false),
  forceStart: z.boolean().default(false),
  forceStop: z.boolean().default(false),
  warnMinutes: integer(0, 120, 'minutes').default(10),
});

const serverGroup = z.strictObject({
  name: groupName,
  schedule: scheduleName,
  instanceType: oneOf(INSTANCE_KINDS),
  dependsOn: z.array(groupName).default([]),
});

/** IAM names a key by its key ARN (not an alias) in a policy's Resource. */
const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, {
    error: 'expected the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), not an alias: IAM names keys by key ARN',
  });

const scheduler = z.strictObject({
  timezone: timeZone.optional(),
  intervalMinutes: integer(1, 30, 'minutes').default(5),
  /** How long a server group may take to start or stop before it is reported as failed. */
  settleMinutes: integer(5, 120, 'minutes').default(20),
  tagKeys: z.strictObject({ schedule: tagKey.default('ScheduleName'), group: tagKey.default('ScheduleGroup') }).prefault({}),
  /** Seeds the holidays table (`seed`); people add and remove days there at run time. */
  companyHolidays: z.array(z.strictObject({ date: isoDate, name: z.string().min(1).max(100), calendar: calendarName.default('COMPANY') })).default([]),
  schedules: z.array(schedule).default([]),
  groups: z.array(serverGroup).default([]),
  /**
   * Customer managed keys encrypting the EBS volumes of scheduled instances: EC2 creates a grant on each at start
   * with the scheduler's permission (kms:CreateGrant for an AWS resource only), or the instance falls back to stopped.
   */
  kmsKeyArns: z.array(kmsKeyArn).default([]),
});

const platformConfigObject = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
    error: 'expected an environment name: lower-case letters, digits and -, starting with a letter, at most 20',
  }),
  account: awsAccount,
  region: awsRegion,
  timezone: timeZone.default('Asia/Seoul'),
  tags: z.record(tagKey, z.string().max(256)).default({}),
  network: network.optional(),
  warehouse,
  jandi,
  firehose: z
    .strictObject({
      /** Days the delivered files (and the errors/ manifests that point at them) are kept for replays. */
      intermediateRetentionDays: integer(1, 3650, 'days').default(14),
      /** Days the backup of the source records is kept. */
      backupRetentionDays: integer(1, 3650, 'days').default(90),
      streams: z.array(stream).default([]),
    })
    .prefault({}),
  mysql: z
    .strictObject({ stateSchema: warehouseIdentifier.default('sync_meta'), sources: z.array(mysqlSource).default([]), jobs: z.array(syncJob).default([]) })
    .prefault({}),
  athena: z
    .strictObject({
      bytesScannedCutoffPerQueryGB: integer(1, 10240, 'GB').default(100),
      /** Days query results and UNLOAD output are kept. */
      resultsRetentionDays: integer(1, 3650, 'days').default(30),
      /** Schema of the athena_runs table (one row per loaded partition). */
      metaSchema: warehouseIdentifier.default('athena_meta'),
      /** Runs a backfill keeps going at once. */
      backfillConcurrency: integer(1, 20, 'runs').default(2),
      jobs: z.array(athenaJob).default([]),
    })
    .prefault({}),
  scheduler: scheduler.prefault({}),
  digest: z
    .strictObject({
      /** When the daily digest is posted, read in the app time zone. */
      schedule: scheduleExpression.default('cron(0 9 * * ? *)'),
      /** USD per hour by EC2 instance type or RDS instance class, to price the hours the scheduler stopped. */
      hourlyPrices: z
        .record(
          z.string().regex(/^[a-z0-9][a-z0-9.-]{1,40}$/, { error: 'expected an instance type such as t3.large or db.r6g.large' }),
          z.number().positive().max(1000),
        )
        .default({}),
    })
    .prefault({}),
});

export const platformConfigSchema = platformConfigObject.superRefine(crossCheck);

export type PlatformConfig = z.output<typeof platformConfigObject>;
export type WarehouseConfig = PlatformConfig['warehouse'];
export type FirehoseStreamConfig = PlatformConfig['firehose']['streams'][number];
export type MysqlSourceConfig = PlatformConfig['mysql']['sources'][number];
export type SyncJobConfig = PlatformConfig['mysql']['jobs'][number];
