import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AthenaJobs } from '../athena/athena-jobs';
import type { PlatformConfig } from '../config/schema';
import type { JandiNotifier } from '../notifications/jandi-notifier';

export interface AthenaStackProps extends StackProps {
  readonly config: PlatformConfig;
  readonly notifier: JandiNotifier;
}

/** Scheduled Athena preprocessing jobs loaded into Redshift. */
export class AthenaStack extends Stack {
  readonly jobs: AthenaJobs;

  constructor(scope: Construct, id: string, props: AthenaStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.jobs = new AthenaJobs(this, 'AthenaJobs', {
      envName: config.name,
      jobs: config.athena.jobs,
      warehouse: config.warehouse,
      notifier: props.notifier,
      timezone: config.timezone,
      bytesScannedCutoffPerQueryGB: config.athena.bytesScannedCutoffPerQueryGB,
      resultsRetentionDays: config.athena.resultsRetentionDays,
      metaSchema: config.athena.metaSchema,
    });
  }
}
