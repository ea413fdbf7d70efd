/**
 * Lambda entry point of the Athena route: one step of a job run per invocation (see step.ts); Step Functions
 * calls it in a loop and waits between calls.
 */
import { readFileSync } from 'node:fs';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { AthenaClient } from '@aws-sdk/client-athena';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { RedshiftConnection } from '../warehouse/data-api';
import { requiredEnv } from '../shared/env';
import { languageFromEnv } from '../core/messages/catalogue';
import { publishNotification } from '../shared/notify';
import { logger, metrics } from '../shared/powertools';
import * as z from 'zod/mini';
import { jobSpecSchema, step, type JobSpec, type StepDependencies, type StepOutput, type StepSettings } from './step';

/**
 * The jobs deployed with the function: a JSON file in the function's layer (lib/athena/athena-jobs.ts writes it at
 * synth from the configuration and the SQL files), too large for environment variables (4 KB in all).
 */
export function readDeployedJobs(file: string): JobSpec[] {
  const parsed = z.array(jobSpecSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`the deployed job specs in ${file} are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as JobSpec[];
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): StepSettings {
  return {
    jobs: readDeployedJobs(requiredEnv('ATHENA_JOBS_FILE', env)),
    workgroup: requiredEnv('ATHENA_WORKGROUP', env),
    outputBucket: requiredEnv('OUTPUT_BUCKET', env),
    copyRoleArn: requiredEnv('COPY_ROLE_ARN', env),
    metaSchema: requiredEnv('META_SCHEMA', env),
    timezone: requiredEnv('APP_TIMEZONE', env),
    warehouse: JSON.parse(requiredEnv('WAREHOUSE', env)) as RedshiftConnection,
    topicArn: requiredEnv('NOTIFICATIONS_TOPIC_ARN', env),
    stateMachineArn: requiredEnv('STATE_MACHINE_ARN', env),
    language: languageFromEnv(env),
  };
}

let settings: StepSettings | undefined;
let dependencies: StepDependencies | undefined;

/** The clients and effects of a step, made once per container. */
function dependenciesFor(settings: StepSettings): StepDependencies {
  const sns = new SNSClient({});
  const sfn = new SFNClient({});
  return {
    athena: new AthenaClient({}),
    s3: new S3Client({}),
    data: new RedshiftDataClient({}),
    notify: (notification) => publishNotification(sns, settings.topicArn, notification),
    metric: (job, values) => {
      metrics.addDimension('Job', job);
      for (const [name, value] of Object.entries(values))
        metrics.addMetric(name, name === 'Duration' ? MetricUnit.Seconds : name === 'BytesScanned' ? MetricUnit.Bytes : MetricUnit.Count, value);
    },
    now: () => new Date(),
    startRun: async (name, input) => {
      try {
        await sfn.send(new StartExecutionCommand({ stateMachineArn: settings.stateMachineArn, name, input: JSON.stringify(input) }));
        logger.info('started a catch-up run', { name });
      } catch (error) {
        if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
      }
    },
  };
}

async function runStep(event: unknown): Promise<StepOutput> {
  settings ??= settingsFromEnvironment();
  dependencies ??= dependenciesFor(settings);
  const output = await step(event, settings, dependencies);
  logger.info('athena step', {
    job: output.job,
    partition: output.run.partition,
    phase: output.run.phase,
    attempt: output.run.attempt,
    waitSeconds: output.run.waitSeconds,
    error: output.run.error,
  });
  return output;
}

export const handler = middy(runStep).use(injectLambdaContext(logger)).use(logMetrics(metrics));
