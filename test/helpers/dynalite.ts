/** A real DynamoDB-compatible server (dynalite, in memory) on 127.0.0.1 with the scheduler's tables. */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SchedulerTableNames } from '../../lambda/scheduler/adapters/store';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:net').Server;

/** Each table's partition key and, where it has one, its sort key. */
export const SCHEDULER_TABLE_KEYS: Record<keyof SchedulerTableNames, readonly [string] | readonly [string, string]> = {
  schedules: ['ScheduleName'],
  groups: ['GroupName'],
  exceptions: ['ExceptionUuid'],
  state: ['Id'],
  holidays: ['Calendar', 'Date'],
};

export function keySchema(keys: readonly string[]): { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] {
  return keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' }));
}

export class LocalDynamo {
  private server?: import('node:net').Server;
  endpoint = '';
  client!: DynamoDBClient;

  async start(): Promise<void> {
    this.server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.client = new DynamoDBClient({ endpoint: this.endpoint, region: 'ap-northeast-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }

  /** Creates a fresh set of scheduler tables with a unique prefix and returns their names. */
  async createSchedulerTables(prefix: string): Promise<SchedulerTableNames> {
    const names = {
      schedules: `${prefix}-scheduler-schedules`,
      groups: `${prefix}-scheduler-groups`,
      exceptions: `${prefix}-scheduler-exceptions`,
      state: `${prefix}-scheduler-state`,
      holidays: `${prefix}-scheduler-holidays`,
    };
    for (const [table, keys] of Object.entries(SCHEDULER_TABLE_KEYS) as [keyof SchedulerTableNames, readonly string[]][]) {
      await this.client.send(
        new CreateTableCommand({
          TableName: names[table],
          AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
          KeySchema: keySchema(keys),
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    return names;
  }

  async dropTables(names: SchedulerTableNames): Promise<void> {
    for (const table of Object.values(names)) await this.client.send(new DeleteTableCommand({ TableName: table }));
  }

  async stop(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
