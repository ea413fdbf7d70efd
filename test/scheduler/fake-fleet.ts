/**
 * A fleet of EC2 instances, RDS instances, Aurora clusters and Auto Scaling groups that takes time to change
 * state, behind aws-sdk-client-mock stubs of the EC2, RDS and Auto Scaling clients (paginated like the real APIs).
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type DescribeAutoScalingGroupsCommandInput,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand, type DescribeInstancesCommandInput } from '@aws-sdk/client-ec2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';

export interface FakeInstance {
  id: string;
  kind: 'EC2' | 'RDS' | 'AURORA';
  tags: Record<string, string>;
  /** EC2 names (pending, running, stopping, stopped) or RDS ones (starting, available, stopping, stopped). */
  state: string;
  settlesAt?: number;
  /** StartInstances refuses this instance (as EC2 does with InsufficientInstanceCapacity). */
  failsToStart?: boolean;
}

/** An Auto Scaling group: its sizes and the instances it has launched, which take time to come and go. */
export interface FakeAsg {
  name: string;
  tags: Record<string, string>;
  min: number;
  max: number;
  desired: number;
  instanceType: string;
  instances: { id: string; lifecycle: 'Pending' | 'InService' | 'Terminating'; settlesAt?: number }[];
}

export interface FleetCall {
  readonly at: number;
  readonly action: 'start' | 'stop';
  readonly ids: string[];
}

const PAGE = 2;
const ASG_LAUNCH_MS = 4 * 60_000;
const ASG_TERMINATE_MS = 2 * 60_000;
const SETTLE_MS = {
  EC2: { start: 3 * 60_000, stop: 2 * 60_000 },
  RDS: { start: 8 * 60_000, stop: 8 * 60_000 },
  AURORA: { start: 8 * 60_000, stop: 8 * 60_000 },
};

export class FakeFleet {
  readonly ec2 = mockClient(EC2Client);
  readonly rds = mockClient(RDSClient);
  readonly calls: FleetCall[] = [];
  readonly autoScaling = mockClient(AutoScalingClient);
  readonly instances = new Map<string, FakeInstance>();
  readonly groups = new Map<string, FakeAsg>();
  private launched = 0;

  constructor(
    instances: FakeInstance[],
    private readonly clock: () => number,
    groups: FakeAsg[] = [],
  ) {
    for (const instance of instances) this.instances.set(instance.id, instance);
    for (const group of groups) this.groups.set(group.name, group);
    this.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake((input: DescribeAutoScalingGroupsCommandInput) => this.describeAsgs(input));
    this.autoScaling
      .on(UpdateAutoScalingGroupCommand)
      .callsFake(({ AutoScalingGroupName, MinSize, MaxSize, DesiredCapacity }) => this.resize(AutoScalingGroupName!, MinSize!, MaxSize!, DesiredCapacity!));
    this.ec2.on(DescribeInstancesCommand).callsFake((input: DescribeInstancesCommandInput) => this.describeEc2(input));
    this.ec2.on(StartInstancesCommand).callsFake(({ InstanceIds }) => this.change('start', InstanceIds ?? []));
    this.ec2.on(StopInstancesCommand).callsFake(({ InstanceIds }) => this.change('stop', InstanceIds ?? []));
    this.rds.on(DescribeDBInstancesCommand).callsFake(({ Marker }) => {
      const dbs = [...this.instances.values()].filter((i) => i.kind === 'RDS');
      const { page, next } = paginate(dbs, Marker);
      return { DBInstances: page.map((db) => ({ DBInstanceIdentifier: db.id, DBInstanceStatus: db.state, TagList: tagList(db.tags) })), Marker: next };
    });
    this.rds.on(DescribeDBClustersCommand).callsFake(({ Marker }) => {
      const clusters = [...this.instances.values()].filter((i) => i.kind === 'AURORA');
      const { page, next } = paginate(clusters, Marker);
      return { DBClusters: page.map((c) => ({ DBClusterIdentifier: c.id, Engine: 'aurora-mysql', Status: c.state, TagList: tagList(c.tags) })), Marker: next };
    });
    this.rds.on(StartDBInstanceCommand).callsFake(({ DBInstanceIdentifier }) => this.change('start', [DBInstanceIdentifier!]));
    this.rds.on(StopDBInstanceCommand).callsFake(({ DBInstanceIdentifier }) => this.change('stop', [DBInstanceIdentifier!]));
    this.rds.on(StartDBClusterCommand).callsFake(({ DBClusterIdentifier }) => this.change('start', [DBClusterIdentifier!]));
    this.rds.on(StopDBClusterCommand).callsFake(({ DBClusterIdentifier }) => this.change('stop', [DBClusterIdentifier!]));
  }

  /** Lets instances whose change has had time to finish settle. */
  advance(): void {
    const now = this.clock();
    for (const instance of this.instances.values()) {
      if (instance.settlesAt === undefined || instance.settlesAt > now) continue;
      instance.state = { pending: 'running', starting: 'available', stopping: 'stopped' }[instance.state] ?? instance.state;
      instance.settlesAt = undefined;
    }
    for (const group of this.groups.values()) {
      for (const member of group.instances) {
        if (member.settlesAt !== undefined && member.settlesAt <= now && member.lifecycle === 'Pending') {
          member.lifecycle = 'InService';
          member.settlesAt = undefined;
        }
      }
      group.instances = group.instances.filter((m) => !(m.lifecycle === 'Terminating' && m.settlesAt! <= now));
    }
  }

  /** A person starting or stopping an instance by hand. */
  manual(id: string, state: string): void {
    this.instances.get(id)!.state = state;
  }

  private change(action: 'start' | 'stop', ids: string[]): object {
    const targets = ids.map((id) => this.instances.get(id)!);
    const refused = targets.find((t) => action === 'start' && t.failsToStart);
    if (refused) {
      throw Object.assign(new Error(`Insufficient capacity for ${refused.id}`), { name: 'InsufficientInstanceCapacity' });
    }
    this.calls.push({ at: this.clock(), action, ids });
    for (const target of targets) {
      const ec2 = target.kind === 'EC2';
      target.state = action === 'start' ? (ec2 ? 'pending' : 'starting') : 'stopping';
      target.settlesAt = this.clock() + SETTLE_MS[target.kind][action];
    }
    return {};
  }

  private describeEc2(input: DescribeInstancesCommandInput): object {
    const tagFilter = input.Filters?.find((f) => f.Name?.startsWith('tag:'));
    const stateFilter = input.Filters?.find((f) => f.Name === 'instance-state-name');
    const key = tagFilter?.Name?.slice(4) ?? '';
    const matching = [...this.instances.values()].filter(
      (i) => i.kind === 'EC2' && tagFilter?.Values?.includes(i.tags[key]) && (!stateFilter || stateFilter.Values?.includes(i.state)),
    );
    const { page, next } = paginate(matching, input.NextToken);
    return {
      Reservations: [{ Instances: page.map((i) => ({ InstanceId: i.id, State: { Name: i.state }, Tags: tagList(i.tags) })) }],
      NextToken: next,
    };
  }

  /** By names, or by a `tag:KEY` filter of values; two groups a page. */
  private describeAsgs(input: DescribeAutoScalingGroupsCommandInput): object {
    const tagFilter = input.Filters?.find((f) => f.Name?.startsWith('tag:'));
    const key = tagFilter?.Name?.slice(4) ?? '';
    const matching = [...this.groups.values()].filter((g) =>
      input.AutoScalingGroupNames ? input.AutoScalingGroupNames.includes(g.name) : tagFilter?.Values?.includes(g.tags[key]),
    );
    const { page, next } = paginate(matching, input.NextToken);
    return {
      AutoScalingGroups: page.map((g) => ({
        AutoScalingGroupName: g.name,
        MinSize: g.min,
        MaxSize: g.max,
        DesiredCapacity: g.desired,
        Instances: g.instances.map((m) => ({ InstanceId: m.id, LifecycleState: m.lifecycle, InstanceType: g.instanceType })),
        Tags: Object.entries(g.tags).map(([Key, Value]) => ({ Key, Value, ResourceId: g.name, ResourceType: 'auto-scaling-group' })),
      })),
      NextToken: next,
    };
  }

  /** Launches or terminates instances until the group has as many as it wants. */
  private resize(name: string, min: number, max: number, desired: number): object {
    const group = this.groups.get(name)!;
    this.calls.push({ at: this.clock(), action: desired > 0 ? 'start' : 'stop', ids: [name] });
    Object.assign(group, { min, max, desired });
    const live = group.instances.filter((m) => m.lifecycle !== 'Terminating');
    for (let n = live.length; n < desired; n++) {
      this.launched++;
      group.instances.push({ id: `i-${name}-${this.launched}`, lifecycle: 'Pending', settlesAt: this.clock() + ASG_LAUNCH_MS });
    }
    for (const member of live.slice(desired)) Object.assign(member, { lifecycle: 'Terminating', settlesAt: this.clock() + ASG_TERMINATE_MS });
    return {};
  }
}

function paginate<T>(items: T[], token: string | undefined): { page: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + PAGE;
  return { page: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
