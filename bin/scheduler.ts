#!/usr/bin/env node
/**
 * The scheduler's command line: `npm run --silent scheduler -- <command>`. Runs the same code as the Lambda
 * (plan) and as the JANDI bot (operations on the DynamoDB tables).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { botMessages } from '../lambda/core/messages/bot';
import { zonedInstant } from '../lambda/core/zoned-time';
import { SchedulerStore } from '../lambda/scheduler/adapters/store';
import { createHolidayCalendar } from '../lambda/scheduler/core/holidays';
import type { SchedulerTables } from '../lambda/scheduler/core/model';
import { planActions } from '../lambda/scheduler/core/plan';
import { SchedulerOperations } from '../lambda/scheduler/operations';
import { runAsProgram, runCli, stderr, stdout, UsageError } from '../lib/cli/command';
import { configFileForEnv, loadConfigFile } from '../lib/config/load';
import { configuredSchedulerItems, schedulerTableNames } from '../lib/scheduler/tables';

const USAGE = `usage: npm run --silent scheduler -- <command> [options]

commands:
  plan --tables FILE --from YYYY-MM-DD --to YYYY-MM-DD [--json]
                         the actions the scheduler would take (dates in the app time zone, --to exclusive);
                         FILE holds { "schedules": [...], "groups": [...], "exceptions": [...], "holidays": [...] }
  list [--json]          schedules, their groups, what they want now, the next change, upcoming exceptions
  extend SCHEDULE --until HH:MM | --for 2h
                         postpone today's stop
  skip SCHEDULE --date YYYY-MM-DD
                         no start that day
  exception add --schedule S --date YYYY-MM-DD --type start|stop --value HH:MM|None
  exception remove --id UUID
  force SCHEDULE start|stop [--until HH:MM | --for 3h]
                         keep running / keep stopped, until released or until a time (the next time the
                         schedule's clock shows it) or for a while (under 24h)
  force SCHEDULE none    back to the schedule
  holiday add YYYY-MM-DD NAME [--calendar KR]
                         a day off without a deploy: under KR (the default) a temporary public holiday, under
                         another calendar (e.g. COMPANY) a day off for schedules whose SkipHolidays lists it
  holiday remove YYYY-MM-DD [--calendar KR]
  holiday list [--calendar NAME] [--year YYYY] [--json]
                         the year's holidays, built-in and added
  seed [--overwrite]     write the configuration's schedules, groups and companyHolidays to the tables (only
                         missing ones unless --overwrite)

options:
  --env NAME             configuration to use (config/NAME.yaml; default example): time zone, holidays, tables
  --endpoint URL         DynamoDB endpoint (a local DynamoDB-compatible server)
  --region REGION        AWS region (default: the configuration's)`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
  /** DEBUG. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { out: stdout, err: stderr, now: () => new Date() };

const COMMANDS = ['plan', 'list', 'extend', 'skip', 'exception', 'force', 'holiday', 'seed'];

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tables: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      env: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      until: { type: 'string' },
      for: { type: 'string' },
      date: { type: 'string' },
      schedule: { type: 'string' },
      type: { type: 'string' },
      value: { type: 'string' },
      id: { type: 'string' },
      overwrite: { type: 'boolean' },
      calendar: { type: 'string' },
      year: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command) throw new Error('a command is required');
  if (!COMMANDS.includes(command)) throw new Error(`unknown command ${JSON.stringify(command)}`);
  return { o: values, command, rest };
}

export function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  return runCli({ usage: USAGE, argv, out: io.out, err: io.err, env: io.env, parse: () => parse(argv), run: (parsed) => run(parsed, io) });
}

async function run({ o, command, rest }: ReturnType<typeof parse>, io: CliIo): Promise<number> {
  // What a command lacks in its arguments is a usage error (exit 2), found before the tables are touched.
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`${command} needs ${what}`);
    return value;
  };
  const config = loadConfigFile(configFileForEnv(o.env ?? 'example'));
  const timezone = config.scheduler.timezone ?? config.timezone;
  const holidays = createHolidayCalendar();

  if (command === 'plan') return plan(o, timezone, holidays, io);

  const client = new DynamoDBClient({ region: o.region ?? config.region, ...(o.endpoint ? { endpoint: o.endpoint } : {}) });
  const store = new SchedulerStore(client, schedulerTableNames(config.name));
  const ops = new SchedulerOperations({ store, defaultTimezone: timezone, holidays, now: io.now });
  switch (command) {
    case 'list': {
      const schedules = await ops.listSchedules();
      if (o.json) io.out(JSON.stringify(schedules, null, 2));
      else for (const s of schedules) io.out(describeSchedule(s));
      return 0;
    }
    case 'extend': {
      const name = need(rest[0], 'a schedule name');
      const item = await ops.extendStop(name, o.until ? { until: o.until } : { duration: need(o.for, '--until HH:MM or --for 2h') });
      io.out(`${item.ScheduleName} now stops at ${item.ExceptionValue} on ${item.ExceptionDate} (exception ${item.ExceptionUuid})`);
      return 0;
    }
    case 'skip': {
      const item = await ops.skipDay(need(rest[0], 'a schedule name'), need(o.date, '--date YYYY-MM-DD'));
      io.out(`${item.ScheduleName} will not start on ${item.ExceptionDate} (exception ${item.ExceptionUuid})`);
      return 0;
    }
    case 'exception': {
      if (rest[0] === 'add') {
        const item = await ops.addException({
          schedule: need(o.schedule, '--schedule'),
          date: need(o.date, '--date'),
          type: need(o.type, '--type start|stop'),
          value: need(o.value, '--value HH:MM|None'),
        });
        io.out(`added exception ${item.ExceptionUuid}: ${item.ScheduleName} ${item.ExceptionType} ${item.ExceptionValue} on ${item.ExceptionDate}`);
        return 0;
      }
      if (rest[0] === 'remove') {
        await ops.removeException(need(o.id, '--id UUID'));
        io.out(`removed exception ${o.id}`);
        return 0;
      }
      throw new UsageError('exception needs add or remove');
    }
    case 'force': {
      const mode = rest[1];
      if (mode !== 'start' && mode !== 'stop' && mode !== 'none') throw new UsageError('force needs SCHEDULE and one of start, stop, none');
      if (mode === 'none' && (o.until || o.for)) throw new UsageError('force SCHEDULE none takes no --until or --for');
      const until = await ops.setForce(need(rest[0], 'a schedule name'), mode, { until: o.until, duration: o.for });
      const kept = `${rest[0]} is kept ${mode === 'start' ? 'running' : 'stopped'}`;
      io.out(mode === 'none' ? `${rest[0]} follows its schedule again` : until ? `${kept} until ${until}` : `${kept} until \`force ${rest[0]} none\``);
      return 0;
    }
    case 'holiday':
      return await holiday(ops, rest, o, io);
    case 'seed': {
      const result = await ops.seed(configuredSchedulerItems(config), o.overwrite ?? false);
      io.out(
        `written: ${result.written.join(', ') || 'nothing'}${result.kept.length ? `\nkept (already there; --overwrite replaces): ${result.kept.join(', ')}` : ''}`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

function plan(
  o: { tables?: string; from?: string; to?: string; json?: boolean },
  timezone: string,
  holidays: ReturnType<typeof createHolidayCalendar>,
  io: CliIo,
): number {
  if (!o.tables || !o.from || !o.to) throw new UsageError('plan needs --tables FILE --from YYYY-MM-DD --to YYYY-MM-DD');
  for (const [flag, date] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      throw new UsageError(`${flag} ${JSON.stringify(date)} is not a date YYYY-MM-DD`);
  }
  let tables: SchedulerTables;
  try {
    const raw = JSON.parse(readFileSync(o.tables, 'utf8')) as Partial<SchedulerTables>;
    tables = { schedules: raw.schedules ?? [], groups: raw.groups ?? [], exceptions: raw.exceptions ?? [], holidays: raw.holidays ?? [] };
  } catch (error) {
    throw new Error(`cannot read ${o.tables}: ${(error as Error).message}`);
  }
  const midnight = { hour: 0, minute: 0 };
  const result = planActions({ tables, from: zonedInstant(o.from, midnight, timezone), to: zonedInstant(o.to, midnight, timezone), timezone, holidays });
  for (const problem of result.problems) io.err(`warning: ${problem}`);
  if (o.json) io.out(JSON.stringify(result.actions, null, 2));
  else for (const a of result.actions) io.out(`${a.at}  ${a.schedule}  ${a.group ?? '-'}  ${a.action}`);
  return 0;
}

async function holiday(ops: SchedulerOperations, rest: string[], o: { calendar?: string; year?: string; json?: boolean }, io: CliIo): Promise<number> {
  const [action, date, ...name] = rest;
  const calendar = o.calendar;
  if (action === 'add') {
    if (!date || name.length === 0) throw new UsageError('holiday add needs a date and a name: holiday add 2027-03-15 임시공휴일');
    const item = await ops.addHoliday({ calendar, date, name: name.join(' ') });
    io.out(`added ${item.Calendar} holiday ${item.Date} ${item.Name}`);
    return 0;
  }
  if (action === 'remove') {
    if (!date || name.length > 0) throw new UsageError('holiday remove needs one date: holiday remove 2027-03-15 [--calendar KR]');
    const item = await ops.removeHoliday({ calendar, date });
    io.out(`removed ${item.Calendar} holiday ${item.Date} ${item.Name}`);
    return 0;
  }
  if (action === 'list') {
    if (o.year !== undefined && !/^\d{4}$/.test(o.year)) throw new UsageError(`--year ${JSON.stringify(o.year)} is not a year YYYY`);
    const days = await ops.listHolidays({ calendar, year: o.year === undefined ? undefined : Number(o.year) });
    if (o.json) io.out(JSON.stringify(days, null, 2));
    else for (const d of days) io.out(`${d.date}  ${d.calendar.padEnd(8)} ${d.name}${d.source === 'table' ? '  (added)' : ''}`);
    return 0;
  }
  throw new UsageError('holiday needs add, remove or list');
}

function describeSchedule(s: Awaited<ReturnType<SchedulerOperations['listSchedules']>>[number]): string {
  const lines = [
    `${s.name} (tag ${s.tagValue}): ${botMessages.en.window(s.window)}, ${s.timezone}${s.enabled ? '' : ', disabled'}${s.force ? `, forced to ${s.force}${s.forceUntil ? ` until ${s.forceUntil}` : ''}` : ''}`,
    `  now: ${s.desiredNow}${s.next ? `; next: ${s.next.kind} at ${s.next.at}` : ''}`,
    `  groups: ${s.groups.join(', ') || '(none)'}`,
    ...s.exceptions.map((e) => `  exception ${e.ExceptionUuid}: ${e.ExceptionType} ${e.ExceptionValue} on ${e.ExceptionDate}`),
    ...s.problems.map((p) => `  problem: ${p}`),
  ];
  return lines.join('\n');
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));
