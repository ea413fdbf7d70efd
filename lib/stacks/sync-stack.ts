import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config/schema';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { MysqlSync } from '../sync/mysql-sync';

export interface SyncStackProps extends StackProps {
  readonly config: PlatformConfig;
  readonly notifier: JandiNotifier;
}

/** MySQL → Redshift sync jobs. */
export class SyncStack extends Stack {
  readonly sync: MysqlSync;

  constructor(scope: Construct, id: string, props: SyncStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (!config.network) throw new Error('the sync stack needs network (validated at load)');
    this.sync = new MysqlSync(this, 'MysqlSync', {
      envName: config.name,
      sources: config.mysql.sources,
      jobs: config.mysql.jobs,
      network: config.network,
      warehouse: config.warehouse,
      notifier: props.notifier,
      stateSchema: config.mysql.stateSchema,
      timezone: config.timezone,
    });
  }
}
