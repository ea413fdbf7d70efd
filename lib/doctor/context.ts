/** What every check is given: the configuration, one AWS client per service in its region, the options, the clock. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PlatformConfig } from '../config/schema';

export interface DoctorClients {
  readonly athena: AthenaClient;
  readonly cloudformation: CloudFormationClient;
  readonly cloudwatch: CloudWatchClient;
  readonly dynamodb: DynamoDBClient;
  readonly firehose: FirehoseClient;
  readonly lambda: LambdaClient;
  readonly data: RedshiftDataClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
}

export interface DoctorOptions {
  /** Send one test message to the JANDI topic. */
  readonly post: boolean;
  /** Put a canary record into each Firehose stream and wait for it in its table (then remove it). */
  readonly canary: boolean;
}

export interface DoctorContext {
  readonly config: PlatformConfig;
  readonly clients: DoctorClients;
  readonly options: DoctorOptions;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The operator's credentials (the SDK's default chain), in the configuration's region unless told otherwise. */
export function doctorClients(region: string): DoctorClients {
  const settings = { region };
  return {
    athena: new AthenaClient(settings),
    cloudformation: new CloudFormationClient(settings),
    cloudwatch: new CloudWatchClient(settings),
    dynamodb: new DynamoDBClient(settings),
    firehose: new FirehoseClient(settings),
    lambda: new LambdaClient(settings),
    data: new RedshiftDataClient(settings),
    s3: new S3Client(settings),
    secrets: new SecretsManagerClient(settings),
  };
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
