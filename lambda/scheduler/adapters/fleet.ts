/**
 * The instances a scheduler manages, as EC2 and RDS report them, and the start and stop calls. Every Describe
 * call is paginated; EC2 calls are batched; one instance's failure never stops the others.
 */
import { EC2Client, paginateDescribeInstances, StartInstancesCommand, StopInstancesCommand, type Tag as Ec2Tag } from '@aws-sdk/client-ec2';
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
  type Tag as RdsTag,
} from '@aws-sdk/client-rds';
import type { InstanceState, ObservedInstance } from '../core/decide';
import type { ActionFailure } from '../core/messages';

export interface TagKeys {
  readonly schedule: string;
  readonly group: string;
}

/** EC2 accepts up to 200 values in one filter; start/stop calls are kept to batches of 50 instances. */
const FILTER_VALUES = 200;
const EC2_BATCH = 50;
const RDS_PARALLEL = 5;

const EC2_STATES: Record<string, InstanceState> = {
  pending: 'starting',
  running: 'running',
  stopping: 'stopping',
  'shutting-down': 'unavailable',
  stopped: 'stopped',
};
const RDS_STATES: Record<string, InstanceState> = { available: 'running', stopped: 'stopped', starting: 'starting', stopping: 'stopping' };

export class AwsFleet {
  /** AWS API calls made, by operation: for logs and the benchmark. */
  readonly calls = new Map<string, number>();

  constructor(
    private readonly ec2: EC2Client,
    private readonly rds: RDSClient,
    private readonly tags: TagKeys,
  ) {}

  async describe(scheduleTagValues: readonly string[]): Promise<ObservedInstance[]> {
    if (scheduleTagValues.length === 0) return [];
    const wanted = new Set(scheduleTagValues);
    const [ec2, databases] = await Promise.all([this.describeEc2([...wanted]), this.describeRds(wanted)]);
    return [...ec2, ...databases];
  }

  async start(instances: readonly ObservedInstance[]): Promise<ActionFailure[]> {
    return this.act('start', instances);
  }

  async stop(instances: readonly ObservedInstance[]): Promise<ActionFailure[]> {
    return this.act('stop', instances);
  }

  private count(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  private async describeEc2(values: string[]): Promise<ObservedInstance[]> {
    const found: ObservedInstance[] = [];
    for (let i = 0; i < values.length; i += FILTER_VALUES) {
      const pages = paginateDescribeInstances(
        { client: this.ec2, pageSize: 1000 },
        {
          Filters: [
            { Name: `tag:${this.tags.schedule}`, Values: values.slice(i, i + FILTER_VALUES) },
            { Name: 'instance-state-name', Values: Object.keys(EC2_STATES) },
          ],
        },
      );
      for await (const page of pages) {
        this.count('ec2:DescribeInstances');
        for (const reservation of page.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) {
            const state = EC2_STATES[instance.State?.Name ?? ''];
            const scheduleTag = tagValue(instance.Tags, this.tags.schedule);
            if (!instance.InstanceId || !state || scheduleTag === undefined) continue;
            found.push({
              id: instance.InstanceId,
              kind: 'EC2',
              name: tagValue(instance.Tags, 'Name'),
              scheduleTag,
              groupTag: tagValue(instance.Tags, this.tags.group),
              state,
              ...(instance.InstanceType ? { size: instance.InstanceType } : {}),
            });
          }
        }
      }
    }
    return found;
  }

  private async describeRds(wanted: ReadonlySet<string>): Promise<ObservedInstance[]> {
    const found: ObservedInstance[] = [];
    const observe = (id: string | undefined, kind: 'RDS' | 'AURORA', status: string | undefined, tags: RdsTag[] | undefined, size?: string) => {
      const scheduleTag = tagValue(tags, this.tags.schedule);
      if (!id || scheduleTag === undefined || !wanted.has(scheduleTag)) return;
      found.push({
        id,
        kind,
        name: tagValue(tags, 'Name') ?? id,
        scheduleTag,
        groupTag: tagValue(tags, this.tags.group),
        state: RDS_STATES[status ?? ''] ?? 'unavailable',
        ...(size ? { size } : {}),
      });
    };
    // Members of an Aurora cluster start and stop with their cluster; their classes are what the cluster costs.
    const memberClasses = new Map<string, string[]>();
    for await (const page of paginateDescribeDBInstances({ client: this.rds, pageSize: 100 }, {})) {
      this.count('rds:DescribeDBInstances');
      for (const db of page.DBInstances ?? []) {
        if (!db.DBClusterIdentifier) observe(db.DBInstanceIdentifier, 'RDS', db.DBInstanceStatus, db.TagList, db.DBInstanceClass);
        else if (db.DBInstanceClass) memberClasses.set(db.DBClusterIdentifier, [...(memberClasses.get(db.DBClusterIdentifier) ?? []), db.DBInstanceClass]);
      }
    }
    for await (const page of paginateDescribeDBClusters({ client: this.rds, pageSize: 100 }, {})) {
      this.count('rds:DescribeDBClusters');
      for (const cluster of page.DBClusters ?? []) {
        if (!cluster.Engine?.startsWith('aurora')) continue;
        const classes = memberClasses.get(cluster.DBClusterIdentifier ?? '') ?? [];
        observe(cluster.DBClusterIdentifier, 'AURORA', cluster.Status, cluster.TagList, classes.length > 0 ? classes.sort().join('+') : undefined);
      }
    }
    return found;
  }

  private async act(action: 'start' | 'stop', instances: readonly ObservedInstance[]): Promise<ActionFailure[]> {
    const failures: ActionFailure[] = [];
    const ec2 = instances.filter((i) => i.kind === 'EC2');
    for (let i = 0; i < ec2.length; i += EC2_BATCH) failures.push(...(await this.actEc2(action, ec2.slice(i, i + EC2_BATCH))));
    const databases = instances.filter((i) => i.kind !== 'EC2');
    for (let i = 0; i < databases.length; i += RDS_PARALLEL) {
      const results = await Promise.all(databases.slice(i, i + RDS_PARALLEL).map((db) => this.actDatabase(action, db)));
      failures.push(...results.filter((f): f is ActionFailure => f !== undefined));
    }
    return failures;
  }

  /** One call for the batch; if EC2 refuses it, each instance alone, so one bad instance fails alone. */
  private async actEc2(action: 'start' | 'stop', batch: readonly ObservedInstance[]): Promise<ActionFailure[]> {
    const send = (ids: string[]) => {
      this.count(`ec2:${action === 'start' ? 'StartInstances' : 'StopInstances'}`);
      return this.ec2.send(action === 'start' ? new StartInstancesCommand({ InstanceIds: ids }) : new StopInstancesCommand({ InstanceIds: ids }));
    };
    try {
      await send(batch.map((i) => i.id));
      return [];
    } catch (error) {
      if (batch.length === 1) return [{ instance: batch[0], error: describeError(error) }];
    }
    const failures: ActionFailure[] = [];
    for (const instance of batch) {
      try {
        await send([instance.id]);
      } catch (error) {
        failures.push({ instance, error: describeError(error) });
      }
    }
    return failures;
  }

  private async actDatabase(action: 'start' | 'stop', db: ObservedInstance): Promise<ActionFailure | undefined> {
    try {
      if (db.kind === 'AURORA') {
        this.count(`rds:${action === 'start' ? 'StartDBCluster' : 'StopDBCluster'}`);
        await this.rds.send(
          action === 'start' ? new StartDBClusterCommand({ DBClusterIdentifier: db.id }) : new StopDBClusterCommand({ DBClusterIdentifier: db.id }),
        );
      } else {
        this.count(`rds:${action === 'start' ? 'StartDBInstance' : 'StopDBInstance'}`);
        await this.rds.send(
          action === 'start' ? new StartDBInstanceCommand({ DBInstanceIdentifier: db.id }) : new StopDBInstanceCommand({ DBInstanceIdentifier: db.id }),
        );
      }
      return undefined;
    } catch (error) {
      return { instance: db, error: describeError(error) };
    }
  }
}

function tagValue(tags: readonly (Ec2Tag | RdsTag)[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return [e.name, e.message].filter(Boolean).join(': ') || String(error);
}

/** Clients tuned for the scheduler: adaptive retries absorb throttling of Describe and Start/Stop calls. */
export function schedulerClients(): { ec2: EC2Client; rds: RDSClient } {
  return { ec2: new EC2Client({ retryMode: 'adaptive', maxAttempts: 8 }), rds: new RDSClient({ retryMode: 'adaptive', maxAttempts: 8 }) };
}
