/**
 * The instances a scheduler manages, as EC2, RDS and Auto Scaling report them, and the start and stop calls.
 * Every Describe call is paginated; EC2 calls are batched; one instance's failure never stops the others.
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  paginateDescribeAutoScalingGroups,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
  type TagDescription,
} from '@aws-sdk/client-auto-scaling';
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

/** An Auto Scaling group's sizes as the scheduler saves them before setting them to 0. */
export interface AsgCapacity {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /** Types of the instances that were in service, one per instance: what the stopped group saves an hour. */
  readonly instanceTypes?: readonly string[];
}

/** Where a group's sizes are kept while it is stopped (the scheduler's state table). */
export interface AsgCapacityStore {
  saveAsgCapacity(name: string, capacity: AsgCapacity, now: Date): Promise<void>;
  loadAsgCapacity(name: string): Promise<AsgCapacity | undefined>;
}

export interface AutoScalingAccess {
  readonly client: AutoScalingClient;
  readonly store: AsgCapacityStore;
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

/**
 * An Auto Scaling group as a scheduled server: running once as many instances are in service as it wants,
 * stopped once it wants none and has none left. A group that wants none and has none is stopped whatever its
 * minimum and maximum (nothing runs); `Status` is only set while AWS deletes the group.
 */
export function asgState(group: Pick<AutoScalingGroup, 'DesiredCapacity' | 'Instances' | 'Status'>): InstanceState {
  if (group.Status) return 'unavailable';
  const desired = group.DesiredCapacity ?? 0;
  const instances = group.Instances ?? [];
  if (desired > 0) return instances.filter((i) => i.LifecycleState === 'InService').length >= desired ? 'running' : 'starting';
  return instances.length > 0 ? 'stopping' : 'stopped';
}

/** The failure code of a start of a group the scheduler never stopped: there is nothing to restore. */
export const NO_SAVED_CAPACITY = 'NoSavedCapacity';

export class AwsFleet {
  /** AWS API calls made, by operation: for logs and the benchmark. */
  readonly calls = new Map<string, number>();

  /** Without `autoScaling`, Auto Scaling groups are neither described nor acted on. */
  constructor(
    private readonly ec2: EC2Client,
    private readonly rds: RDSClient,
    private readonly tags: TagKeys,
    private readonly autoScaling?: AutoScalingAccess,
  ) {}

  /**
   * `savedAsgCapacities`, when the caller has read the whole state table already (the tick has), gives the sizes
   * of stopped groups; without it each stopped group's saved sizes are read from the store.
   */
  async describe(scheduleTagValues: readonly string[], savedAsgCapacities?: ReadonlyMap<string, AsgCapacity>): Promise<ObservedInstance[]> {
    if (scheduleTagValues.length === 0) return [];
    const wanted = new Set(scheduleTagValues);
    const [ec2, databases, groups] = await Promise.all([
      this.describeEc2([...wanted]),
      this.describeRds(wanted),
      this.describeAsgs([...wanted], savedAsgCapacities),
    ]);
    return [...ec2, ...databases, ...groups];
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
              ...(instance.StateReason?.Code ? { stateReason: { code: instance.StateReason.Code, message: instance.StateReason.Message } } : {}),
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

  /** Groups carrying the schedule tag with one of the wanted values (a `tag:KEY` filter matches key and value together). */
  private async describeAsgs(values: string[], saved?: ReadonlyMap<string, AsgCapacity>): Promise<ObservedInstance[]> {
    if (!this.autoScaling) return [];
    const found: ObservedInstance[] = [];
    for (let i = 0; i < values.length; i += FILTER_VALUES) {
      const pages = paginateDescribeAutoScalingGroups(
        { client: this.autoScaling.client, pageSize: 100 },
        { Filters: [{ Name: `tag:${this.tags.schedule}`, Values: values.slice(i, i + FILTER_VALUES) }] },
      );
      for await (const page of pages) {
        this.count('autoscaling:DescribeAutoScalingGroups');
        for (const group of page.AutoScalingGroups ?? []) {
          const scheduleTag = tagValue(group.Tags, this.tags.schedule);
          if (!group.AutoScalingGroupName || scheduleTag === undefined || !values.includes(scheduleTag)) continue;
          const state = asgState(group);
          const inService = (group.Instances ?? []).filter((m) => m.LifecycleState === 'InService' && m.InstanceType).map((m) => m.InstanceType!);
          found.push({
            id: group.AutoScalingGroupName,
            kind: 'ASG',
            name: group.AutoScalingGroupName,
            scheduleTag,
            groupTag: tagValue(group.Tags, this.tags.group),
            state,
            ...(await this.asgSize(group.AutoScalingGroupName, state, inService, saved)),
          });
        }
      }
    }
    return found;
  }

  /** What the group costs an hour: its instances' types while it runs, those saved when it was stopped once it is. */
  private async asgSize(name: string, state: InstanceState, inService: string[], known?: ReadonlyMap<string, AsgCapacity>): Promise<{ size?: string }> {
    if (state !== 'stopped') return inService.length > 0 ? { size: inService.sort().join('+') } : {};
    const saved = known ? known.get(name) : await this.autoScaling!.store.loadAsgCapacity(name);
    return saved?.instanceTypes?.length ? { size: [...saved.instanceTypes].sort().join('+') } : {};
  }

  private async act(action: 'start' | 'stop', instances: readonly ObservedInstance[]): Promise<ActionFailure[]> {
    const failures: ActionFailure[] = [];
    const ec2 = instances.filter((i) => i.kind === 'EC2');
    for (let i = 0; i < ec2.length; i += EC2_BATCH) failures.push(...(await this.actEc2(action, ec2.slice(i, i + EC2_BATCH))));
    const others = instances.filter((i) => i.kind !== 'EC2');
    for (let i = 0; i < others.length; i += RDS_PARALLEL) {
      const results = await Promise.all(
        others.slice(i, i + RDS_PARALLEL).map((one) => (one.kind === 'ASG' ? this.actAsg(action, one) : this.actDatabase(action, one))),
      );
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
      if (batch.length === 1) return [failureOf(batch[0], error)];
    }
    const failures: ActionFailure[] = [];
    for (const instance of batch) {
      try {
        await send([instance.id]);
      } catch (error) {
        failures.push(failureOf(instance, error));
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
      return failureOf(db, error);
    }
  }

  /**
   * Stop: save the group's sizes, then set them to 0. Start: restore what was saved. The saved sizes stay after a
   * start, and a group found at zero keeps them, so a stop never leaves a start with nothing to restore.
   */
  private async actAsg(action: 'start' | 'stop', group: ObservedInstance): Promise<ActionFailure | undefined> {
    const access = this.autoScaling;
    if (!access) return { instance: group, error: 'this scheduler was built without Auto Scaling access' };
    const update = (sizes: { min: number; max: number; desired: number }) => {
      this.count('autoscaling:UpdateAutoScalingGroup');
      return access.client.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.id, MinSize: sizes.min, MaxSize: sizes.max, DesiredCapacity: sizes.desired }),
      );
    };
    try {
      if (action === 'start') {
        const saved = await access.store.loadAsgCapacity(group.id);
        if (!saved) {
          return {
            instance: group,
            code: NO_SAVED_CAPACITY,
            error:
              `no saved sizes for Auto Scaling group ${group.id}: the scheduler saves them when it stops a group, and it has not stopped this one. ` +
              `Set its sizes once by hand (aws autoscaling update-auto-scaling-group --auto-scaling-group-name ${group.id} --min-size N --max-size N --desired-capacity N); the next scheduled stop saves them.`,
          };
        }
        await update({ min: saved.minSize, max: saved.maxSize, desired: saved.desiredCapacity });
        return undefined;
      }
      this.count('autoscaling:DescribeAutoScalingGroups');
      const described = await access.client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group.id] }));
      const current = described.AutoScalingGroups?.[0];
      if (!current) return { instance: group, error: `Auto Scaling group ${group.id} no longer exists` };
      if ((current.DesiredCapacity ?? 0) > 0 || (current.MinSize ?? 0) > 0) {
        const instanceTypes = (current.Instances ?? []).filter((m) => m.LifecycleState === 'InService' && m.InstanceType).map((m) => m.InstanceType!);
        await access.store.saveAsgCapacity(
          group.id,
          { minSize: current.MinSize ?? 0, maxSize: current.MaxSize ?? 0, desiredCapacity: current.DesiredCapacity ?? 0, instanceTypes },
          new Date(),
        );
      }
      await update({ min: 0, max: 0, desired: 0 });
      return undefined;
    } catch (error) {
      return failureOf(group, error);
    }
  }
}

function tagValue(tags: readonly (Ec2Tag | RdsTag | TagDescription)[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return [e.name, e.message].filter(Boolean).join(': ') || String(error);
}

/** The SDK names a service error after the API's error code: the core classifies by it. */
function failureOf(instance: ObservedInstance, error: unknown): ActionFailure {
  const name = (error as { name?: string }).name;
  return { instance, error: describeError(error), ...(name && name !== 'Error' ? { code: name } : {}) };
}

/** Clients tuned for the scheduler: adaptive retries absorb throttling of Describe and Start/Stop calls. */
export function schedulerClients(): { ec2: EC2Client; rds: RDSClient; autoScaling: AutoScalingClient } {
  const tuned = { retryMode: 'adaptive', maxAttempts: 8 } as const;
  return { ec2: new EC2Client(tuned), rds: new RDSClient(tuned), autoScaling: new AutoScalingClient(tuned) };
}
