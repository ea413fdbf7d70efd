/**
 * The DynamoDB actions the JANDI bot's code performs on each scheduler table, and so the only ones it is granted.
 * From the code paths of its commands through SchedulerOperations and SchedulerStore:
 * - status: Scan of schedules, groups and exceptions (loadTables);
 * - extend: GetItem of the schedule, the Scans, DeleteItem of today's stop exceptions, PutItem of the new one;
 * - skip: GetItem of the schedule, PutItem of the exception;
 * - start/stop confirm and release: GetItem and UpdateItem of the schedule;
 * - an unknown schedule: the Scans, to list the names there are;
 * - holiday add / remove / list: PutItem (only if absent), DeleteItem, and the Scans.
 * The state table is the scheduler's own; the bot never touches it. test/bot/handler.test.ts records the actions
 * every command performs against this list. No CDK here, so that test need not load it.
 */
export const BOT_TABLE_ACTIONS = {
  schedules: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
  groups: ['dynamodb:Scan'],
  exceptions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
  holidays: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
} as const satisfies Record<'schedules' | 'groups' | 'exceptions' | 'holidays', readonly string[]>;
