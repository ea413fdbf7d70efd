/** The JANDI alert of a failed MySQL sync run, in Korean and English, and the language the handler takes it in. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { runJob, settingsFromEnvironment, syncFailure, type SourceSettings, type SyncSettings } from '../../lambda/sync/handler';
import type { SyncJob } from '../../lambda/sync/core/job';

const source: SourceSettings = {
  name: 'ads-db',
  host: 'ads.cluster-abc.ap-northeast-2.rds.amazonaws.com',
  port: 3306,
  database: 'ads',
  secretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:mysql/ads-Ef56Gh',
  timezone: 'Asia/Seoul',
};
const job: SyncJob = { name: 'ads', table: 'ads', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'mysql_ads', table: 'ads' } };
const error = "Redshift statement failed: Invalid digit, Value 'X', Pos 0, Type: Integer";

test('in Korean: the title and field names in Korean, the job, tables and error as they are', () => {
  expect(syncFailure(source, job, error, messagesFor('ko'))).toEqual({
    source: 'mysql-sync',
    severity: 'failure',
    title: 'MySQL 동기화 작업 실패: ads',
    fields: [
      { title: '작업', value: 'ads (INCREMENTAL_COPY)' },
      { title: '테이블', value: 'ads-db:ads.ads -> mysql_ads.ads' },
      { title: '오류', value: error },
    ],
  });
});

test('in English, as before', () => {
  expect(syncFailure(source, job, error, messagesFor('en'))).toMatchObject({
    title: 'Sync job ads failed',
    fields: [{ title: 'Job' }, { title: 'Table' }, { title: 'Error', value: error }],
  });
});

test('the handler takes JANDI_LANGUAGE and alerts in it', async () => {
  const env = {
    SYNC_SOURCE: JSON.stringify(source),
    SYNC_JOBS: JSON.stringify([job]),
    SYNC_WAREHOUSE: JSON.stringify({ database: 'analytics', secretArn: source.secretArn, clusterIdentifier: 'analytics' }),
    STAGING_BUCKET: 'example-staging',
    WAREHOUSE_SLICES: '2',
    COPY_ROLE_ARN: 'arn:aws:iam::123456789012:role/analytics-redshift-copy',
    NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:ap-northeast-2:123456789012:example-notifications',
  };
  expect(settingsFromEnvironment(env).language).toBe('en');
  const settings: SyncSettings = settingsFromEnvironment({ ...env, JANDI_LANGUAGE: 'ko' });
  expect(settings.language).toBe('ko');

  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({});
  try {
    const deps = { data: new RedshiftDataClient({}), s3: new S3Client({}), sns: new SNSClient({}) };
    expect(await runJob(settings, { job: 'ads', action: 'failed', error: 'States.TaskFailed: value too long' }, 'inv-1', deps)).toEqual({ reported: true });
    const published = JSON.parse(sns.commandCalls(PublishCommand)[0].args[0].input.Message!);
    expect(published).toMatchObject({
      title: 'MySQL 동기화 작업 실패: ads',
      fields: [{ title: '작업' }, { title: '테이블' }, { title: '오류', value: 'States.TaskFailed: value too long' }],
    });
  } finally {
    sns.restore();
  }
});
