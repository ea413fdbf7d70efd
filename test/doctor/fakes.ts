/**
 * A healthy deployment of the example environment, as aws-sdk-client-mock stubs of every service the doctor calls;
 * each test breaks the part it is about. Only AWS is faked: JANDI is a real server (test/helpers/fake-jandi.ts).
 */
import { GetQueryExecutionCommand, GetWorkGroupCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { PlatformConfig } from '../../lib/config/schema';
import { doctorClients, type DoctorContext, type DoctorOptions } from '../../lib/doctor/context';
import { platformStacks } from '../../lib/doctor/checks/stacks';
import { exampleConfig } from '../helpers/platform';

export const mocks = {
  athena: mockClient(AthenaClient),
  cloudformation: mockClient(CloudFormationClient),
  cloudwatch: mockClient(CloudWatchClient),
  dynamodb: mockClient(DynamoDBClient),
  firehose: mockClient(FirehoseClient),
  lambda: mockClient(LambdaClient),
  data: mockClient(RedshiftDataClient),
  s3: mockClient(S3Client),
  secrets: mockClient(SecretsManagerClient),
};

/** Every mock, typed alike for the loops over all of them. */
export const everyMock = Object.values(mocks) as unknown as { reset(): void; calls(): unknown[]; onAnyCommand(): { rejects(error: unknown): unknown } }[];

/** An AWS service error as the SDK throws it: an Error with the service's error name and the response's metadata. */
export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

/** What the SDK throws when its default chain finds no credentials: not a service's answer. */
export const noCredentialsError = () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });

export const DELIVERY_BUCKET = 'example-event-streams-firehoseroutedeliverybucket-1a2b3c4d';
export const NOW = new Date('2026-11-30T01:00:00Z');

/** A clock that only moves when the doctor sleeps, so waits of minutes take none. */
export function fakeClock(start = NOW) {
  let t = start.getTime();
  const sleep = async (ms: number) => {
    t += ms;
  };
  return { now: () => new Date(t), sleep, elapsedMs: () => t - start.getTime() };
}

export function contextFor(config: PlatformConfig = exampleConfig(), options: Partial<DoctorOptions> = {}, clock = fakeClock()): DoctorContext {
  return { config, clients: doctorClients(config.region), options: { post: false, canary: false, ...options }, now: clock.now, sleep: clock.sleep };
}

/** The secrets' values of a healthy deployment, by ARN. */
export function healthySecrets(config: PlatformConfig, webhookUrl = 'https://wh.jandi.com/connect-api/webhook/15293847/a1b2c3d4e5f6'): Map<string, string> {
  const secrets = new Map<string, string>([
    [config.jandi.webhookSecretArn, webhookUrl],
    [config.warehouse.secretArn, JSON.stringify({ username: 'loader', password: 'pw-warehouse-7731', engine: 'redshift' })],
  ]);
  for (const source of config.mysql.sources) secrets.set(source.secretArn, JSON.stringify({ username: 'reader', password: `pw-${source.name}-5512` }));
  if (config.jandi.bot) secrets.set(config.jandi.bot.tokenSecretArn, 'bot-token-9d8c7b6a');
  return secrets;
}

/** Data API results by statement: SELECT 1, the catalog (every declared table), the canary counts. */
export interface FakeWarehouse {
  /** Tables svv_tables lists (schema.table). */
  tables: Set<string>;
  /** How many rows each canary count finds, by call (the last repeats). */
  canaryCounts: number[];
  /** Statements sent, with their parameters. */
  readonly sent: { sql: string; parameters: Record<string, string> }[];
}

export function healthyWarehouse(config: PlatformConfig): FakeWarehouse {
  const warehouse: FakeWarehouse = {
    tables: new Set([
      ...config.firehose.streams.map((s) => `${s.schema}.${s.table}`),
      ...config.mysql.jobs.map((j) => `${j.target.schema}.${j.target.table ?? j.table}`),
      ...config.athena.jobs.map((j) => `${j.target.schema}.${j.target.table}`),
    ]),
    canaryCounts: [1],
    sent: [],
  };
  const results = new Map<string, { ColumnMetadata: { name: string }[]; Records: unknown[][] }>();
  let next = 0;
  mocks.data.on(ExecuteStatementCommand).callsFake((input: { Sql: string; Parameters?: { name: string; value: string }[] }) => {
    const parameters = Object.fromEntries((input.Parameters ?? []).map((p) => [p.name, p.value]));
    warehouse.sent.push({ sql: input.Sql, parameters });
    const id = `statement-${++next}`;
    if (input.Sql.startsWith('SELECT 1')) results.set(id, { ColumnMetadata: [{ name: 'answer' }], Records: [[{ longValue: 1 }]] });
    else if (input.Sql.includes('svv_tables')) {
      const pairs = Object.keys(parameters)
        .filter((k) => k.startsWith('schema'))
        .map((k) => [parameters[k], parameters[`table${k.slice('schema'.length)}`]]);
      const found = pairs.filter(([schema, table]) => warehouse.tables.has(`${schema}.${table}`));
      results.set(id, {
        ColumnMetadata: [{ name: 'table_schema' }, { name: 'table_name' }],
        Records: found.map(([schema, table]) => [{ stringValue: schema }, { stringValue: table }]),
      });
    } else if (input.Sql.startsWith('SELECT COUNT(*)')) {
      const n = warehouse.canaryCounts.length > 1 ? warehouse.canaryCounts.shift()! : warehouse.canaryCounts[0];
      results.set(id, { ColumnMetadata: [{ name: 'n' }], Records: [[{ longValue: n }]] });
    }
    return { Id: id };
  });
  mocks.data.on(DescribeStatementCommand).callsFake(({ Id }: { Id: string }) => ({ Id, Status: 'FINISHED', ResultRows: Id && !results.has(Id) ? 1 : -1 }));
  mocks.data.on(GetStatementResultCommand).callsFake(({ Id }: { Id: string }) => results.get(Id) ?? { ColumnMetadata: [], Records: [] });
  return warehouse;
}

/** Every mock answers as a healthy deployment of `config` does. */
export function healthyAccount(config: PlatformConfig = exampleConfig(), options: { webhookUrl?: string } = {}) {
  for (const mock of everyMock) mock.reset();
  const { implied } = platformStacks(config);
  mocks.cloudformation.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => {
    if (!implied.includes(StackName)) throw awsError('ValidationError', `Stack with id ${StackName} does not exist`);
    return {
      Stacks: [
        {
          StackName,
          StackId: `arn:aws:cloudformation:${config.region}:${config.account}:stack/${StackName}/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date('2026-11-01T00:00:00Z'),
          LastUpdatedTime: new Date('2026-11-29T23:00:00Z'),
          Tags: [
            { Key: 'Environment', Value: config.name },
            { Key: 'Project', Value: 'adtech-data-platform' },
          ],
          Outputs: StackName.endsWith('-event-streams')
            ? [
                { OutputKey: 'FirehoseRouteFluentdPolicyArnBBC0D299', OutputValue: `arn:aws:iam::${config.account}:policy/example-fluentd-firehose-put` },
                { OutputKey: 'FirehoseRouteDeliveryBucketName4BA173D6', OutputValue: DELIVERY_BUCKET },
              ]
            : [],
        },
      ],
    };
  });
  const secrets = healthySecrets(config, options.webhookUrl);
  mocks.secrets.on(GetSecretValueCommand).callsFake(({ SecretId }: { SecretId: string }) => {
    if (!secrets.has(SecretId)) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { ARN: SecretId, SecretString: secrets.get(SecretId) };
  });
  const warehouse = healthyWarehouse(config);
  mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 120 });
  mocks.firehose.on(PutRecordCommand).resolves({ RecordId: 'record-1', Encrypted: true });
  mocks.lambda.on(InvokeCommand).callsFake(({ Payload }: { Payload: Uint8Array }) => {
    const event = JSON.parse(Buffer.from(Payload).toString()) as { job: string };
    const job = config.mysql.jobs.find((j) => j.name === event.job)!;
    const answer = {
      job: job.name,
      action: 'check',
      status: 'ok',
      table: `${config.mysql.sources.find((s) => s.name === job.source)!.database}.${job.table}`,
      columns: [
        { name: 'id', type: 'bigint(20)', target: 'BIGINT' },
        { name: 'title', type: 'varchar(200)', target: 'VARCHAR(800)' },
        { name: 'updated_at', type: 'datetime', target: 'TIMESTAMPTZ' },
      ],
    };
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: Buffer.from(JSON.stringify(answer)) };
  });
  mocks.athena.on(GetWorkGroupCommand).callsFake(({ WorkGroup }: { WorkGroup: string }) => ({
    WorkGroup: {
      Name: WorkGroup,
      State: 'ENABLED',
      Configuration: { BytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQueryGB * 1024 ** 3, EnforceWorkGroupConfiguration: true },
    },
  }));
  mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'query-1' });
  mocks.athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { QueryExecutionId: 'query-1', Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 0, TotalExecutionTimeInMillis: 412 } },
  });
  mocks.athena.on(StopQueryExecutionCommand).resolves({});
  mocks.dynamodb.on(ScanCommand).resolves({ Count: 1, ScannedCount: 1, Items: [{}] });
  mocks.dynamodb.on(DescribeTableCommand).callsFake(({ TableName }: { TableName: string }) => ({ Table: { TableName, TableStatus: 'ACTIVE' } }));
  mocks.cloudwatch.on(GetMetricStatisticsCommand).callsFake(({ EndTime, Period }: { EndTime: Date; Period: number }) => ({
    Label: 'TickDuration',
    Datapoints: [1, 2].map((k) => ({ Timestamp: new Date(EndTime.getTime() - k * Period * 1000), SampleCount: 1, Unit: 'Milliseconds' })),
  }));
  return { config, secrets, warehouse };
}
