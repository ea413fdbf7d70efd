/**
 * The scheduler's DynamoDB tables: schedules, server groups and exceptions in their public item shapes, and a
 * state table holding what the scheduler remembers between ticks and the lease that keeps two overlapping
 * invocations from acting twice.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { ScheduleState } from '../core/decide';
import type { AsgCapacity } from './fleet';
import type { ExceptionItem, GroupItem, HolidayItem, ScheduleItem, SchedulerTables } from '../core/model';

export interface SchedulerTableNames {
  readonly schedules: string;
  readonly groups: string;
  readonly exceptions: string;
  readonly state: string;
  /** Days off added at run time, keyed by Calendar and Date. */
  readonly holidays: string;
}

/** The state table as a tick reads it: each schedule's state, and the sizes saved for each group the scheduler stopped. */
export interface StateTable {
  readonly states: Record<string, ScheduleState>;
  /** By Auto Scaling group name. */
  readonly asgCapacities: ReadonlyMap<string, AsgCapacity>;
}

const STATE_PREFIX = 'schedule#';
const LEASE_ID = 'lease#tick';
/** An Auto Scaling group's sizes while the scheduler keeps it at 0, beside the schedule# items in the state table. */
const ASG_PREFIX = 'asg#';

interface AsgCapacityItem {
  readonly MinSize: number;
  readonly MaxSize: number;
  readonly DesiredCapacity: number;
  readonly InstanceTypes?: string[];
}

function asgCapacityOf(item: AsgCapacityItem): AsgCapacity {
  return {
    minSize: item.MinSize,
    maxSize: item.MaxSize,
    desiredCapacity: item.DesiredCapacity,
    ...(item.InstanceTypes ? { instanceTypes: item.InstanceTypes } : {}),
  };
}

export class SchedulerStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tables: SchedulerTableNames,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async loadTables(): Promise<SchedulerTables> {
    const [schedules, groups, exceptions, holidays] = await Promise.all([
      this.scanAll<ScheduleItem>(this.tables.schedules),
      this.scanAll<GroupItem>(this.tables.groups),
      this.scanAll<ExceptionItem>(this.tables.exceptions),
      this.scanAll<HolidayItem>(this.tables.holidays),
    ]);
    return { schedules, groups, exceptions, holidays };
  }

  /**
   * One scan of the state table: the states, and the sizes saved for stopped Auto Scaling groups, which the tick
   * hands to the fleet so that it does not read each stopped group's item again.
   */
  async loadStateTable(): Promise<StateTable> {
    const items = await this.scanAll<{ Id: string; State?: string } & Partial<AsgCapacityItem>>(this.tables.state);
    const states: Record<string, ScheduleState> = {};
    const asgCapacities = new Map<string, AsgCapacity>();
    for (const item of items) {
      if (item.Id.startsWith(STATE_PREFIX)) states[item.Id.slice(STATE_PREFIX.length)] = JSON.parse(item.State!) as ScheduleState;
      else if (item.Id.startsWith(ASG_PREFIX)) asgCapacities.set(item.Id.slice(ASG_PREFIX.length), asgCapacityOf(item as AsgCapacityItem));
    }
    return { states, asgCapacities };
  }

  /** Writes the states that changed (compared by value with what was loaded). */
  async saveStates(states: Record<string, ScheduleState>, loaded: Record<string, ScheduleState>, now: Date): Promise<number> {
    let written = 0;
    for (const [name, state] of Object.entries(states)) {
      const text = JSON.stringify(state);
      if (loaded[name] !== undefined && JSON.stringify(loaded[name]) === text) continue;
      await this.doc.send(new PutCommand({ TableName: this.tables.state, Item: { Id: `${STATE_PREFIX}${name}`, State: text, UpdatedAt: now.toISOString() } }));
      written++;
    }
    return written;
  }

  /**
   * Takes the tick lease unless another invocation holds an unexpired one. Conditional writes make this safe
   * against a concurrent invocation even where reserved concurrency is not in force.
   */
  async acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tables.state,
          Item: { Id: LEASE_ID, Owner: owner, ExpiresAt: now.getTime() + ttlMs },
          ConditionExpression: 'attribute_not_exists(Id) OR ExpiresAt < :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async releaseLease(owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tables.state,
          Key: { Id: LEASE_ID },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'Owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async saveAsgCapacity(name: string, capacity: AsgCapacity, now: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tables.state,
        Item: {
          Id: `${ASG_PREFIX}${name}`,
          MinSize: capacity.minSize,
          MaxSize: capacity.maxSize,
          DesiredCapacity: capacity.desiredCapacity,
          ...(capacity.instanceTypes?.length ? { InstanceTypes: [...capacity.instanceTypes] } : {}),
          SavedAt: now.toISOString(),
        },
      }),
    );
  }

  async loadAsgCapacity(name: string): Promise<AsgCapacity | undefined> {
    const result = await this.doc.send(new GetCommand({ TableName: this.tables.state, Key: { Id: `${ASG_PREFIX}${name}` }, ConsistentRead: true }));
    const item = result.Item as AsgCapacityItem | undefined;
    return item ? asgCapacityOf(item) : undefined;
  }

  async getSchedule(name: string): Promise<ScheduleItem | undefined> {
    const result = await this.doc.send(new GetCommand({ TableName: this.tables.schedules, Key: { ScheduleName: name } }));
    return result.Item as ScheduleItem | undefined;
  }

  async putSchedule(item: ScheduleItem, options: { onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    return this.put(this.tables.schedules, item, options.onlyIfAbsent ? 'attribute_not_exists(ScheduleName)' : undefined);
  }

  async putGroup(item: GroupItem, options: { onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    return this.put(this.tables.groups, item, options.onlyIfAbsent ? 'attribute_not_exists(GroupName)' : undefined);
  }

  async putException(item: ExceptionItem): Promise<void> {
    await this.put(this.tables.exceptions, item, 'attribute_not_exists(ExceptionUuid)');
  }

  /** Writes a day off; with onlyIfAbsent, false when that calendar already has the date. */
  async putHoliday(item: HolidayItem, options: { onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    return this.put(this.tables.holidays, item, options.onlyIfAbsent ? 'attribute_not_exists(#date)' : undefined, { '#date': 'Date' });
  }

  /** The removed item, or undefined when the calendar had no such date. */
  async deleteHoliday(calendar: string, date: string): Promise<HolidayItem | undefined> {
    const result = await this.doc.send(
      new DeleteCommand({ TableName: this.tables.holidays, Key: { Calendar: calendar, Date: date }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes as HolidayItem | undefined;
  }

  async deleteException(id: string): Promise<boolean> {
    const result = await this.doc.send(new DeleteCommand({ TableName: this.tables.exceptions, Key: { ExceptionUuid: id }, ReturnValues: 'ALL_OLD' }));
    return result.Attributes !== undefined;
  }

  /** Sets fields of an existing schedule, and removes those given as undefined; false when there is no such schedule. */
  async updateSchedule(name: string, fields: Partial<Omit<ScheduleItem, 'ScheduleName'>>): Promise<boolean> {
    const entries = Object.entries(fields);
    const set = entries.flatMap(([, value], i) => (value === undefined ? [] : [`#f${i} = :v${i}`]));
    const remove = entries.flatMap(([, value], i) => (value === undefined ? [`#f${i}`] : []));
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.schedules,
          Key: { ScheduleName: name },
          UpdateExpression: [set.length > 0 ? `SET ${set.join(', ')}` : '', remove.length > 0 ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' '),
          ConditionExpression: 'attribute_exists(ScheduleName)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#f${i}`, key])),
          ...(set.length > 0
            ? { ExpressionAttributeValues: Object.fromEntries(entries.flatMap(([, value], i) => (value === undefined ? [] : [[`:v${i}`, value]]))) }
            : {}),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private async put(table: string, item: object, condition?: string, names?: Record<string, string>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: table, Item: item, ConditionExpression: condition, ...(condition && names ? { ExpressionAttributeNames: names } : {}) }),
      );
      return true;
    } catch (error) {
      if (condition && (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private async scanAll<T>(table: string): Promise<T[]> {
    const items: T[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: table, ConsistentRead: true })) {
      items.push(...((page.Items ?? []) as T[]));
    }
    return items;
  }
}
