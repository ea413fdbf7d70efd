import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, CONFIG_DIR, configFileForEnv, loadConfigFile, parseConfig } from '../../lib/config/load';
import { ROOT } from '../helpers/platform';

const EXAMPLE = path.join(CONFIG_DIR, 'example.yaml');
type Raw = Record<string, any>;

/** A fresh, mutable copy of the example configuration as YAML would give it. */
function example(): Raw {
  return parse(readFileSync(EXAMPLE, 'utf8')) as Raw;
}

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

function expectProblem(mutate: (raw: Raw) => void, expected: string | RegExp): void {
  const raw = example();
  mutate(raw);
  const problems = problemsOf(raw);
  if (typeof expected === 'string') expect(problems).toContain(expected);
  else expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
}

describe('the example configuration', () => {
  const config = loadConfigFile(EXAMPLE);

  test('describes the design: five streams, four MySQL tables, a Development schedule', () => {
    expect(config.name).toBe('example');
    expect(config.firehose.streams.map((s) => s.name)).toEqual(['impression', 'click', 'device', 'event', 'user_activity']);
    expect(config.firehose.streams.find((s) => s.name === 'user_activity')!.columns.map((c) => c.name)).toEqual([
      'user_id',
      'app_id',
      'activity_type',
      'timestamp',
    ]);
    expect(config.mysql.jobs.map((j) => j.table).sort()).toEqual(['ad_providers', 'ad_publishers', 'ads', 'contents']);
    expect(config.mysql.jobs.map((j) => j.mode)).toEqual(['UPDATE_LATEST_COPY', 'INCREMENTAL_COPY', 'FULL_COPY', 'FULL_COPY']);
    expect(config.scheduler.schedules.map((s) => s.name)).toEqual(['Development']);
  });

  test('fills defaults', () => {
    const click = config.firehose.streams.find((s) => s.name === 'click')!;
    expect(click.buffering).toEqual({ sizeMB: 64, intervalSeconds: 60 });
    expect(click.retrySeconds).toBe(3600);
    expect(click.copyOptions).toContain("TIMEFORMAT AS 'YYYY-MM-DDTHH:MI:SS'");
    expect(config.firehose.streams.find((s) => s.name === 'device')!.buffering).toEqual({ sizeMB: 128, intervalSeconds: 300 });
    expect(config.mysql.jobs[0].overlapMinutes).toBe(5);
    expect(config.mysql.sources[0]).toMatchObject({ port: 3306, timezone: 'UTC', tls: true });
    expect(config.scheduler.schedules[0]).toMatchObject({ enabled: true, enforce: false, forceStart: false, warnMinutes: 10 });
    expect(config.jandi.language).toBe('ko');
  });

  test('the smallest valid configuration needs only the warehouse and JANDI', () => {
    const raw = example();
    const minimal = {
      name: 'dev',
      account: raw.account,
      region: raw.region,
      warehouse: raw.warehouse,
      jandi: { webhookSecretArn: raw.jandi.webhookSecretArn },
    };
    const config = parseConfig(minimal, 'minimal');
    expect(config.timezone).toBe('Asia/Seoul');
    expect(config.firehose.streams).toEqual([]);
    expect(config.scheduler.tagKeys).toEqual({ schedule: 'ScheduleName', group: 'ScheduleGroup' });
    // Deployments made before the setting existed keep speaking English.
    expect(config.jandi.language).toBe('en');
  });
});

describe('each kind of mistake names the field, the value and what is allowed', () => {
  test('unknown sync mode', () =>
    expectProblem(
      (raw) => (raw.mysql.jobs[1].mode = 'INCREMENTAL'),
      'mysql.jobs[1].mode = "INCREMENTAL": expected one of FULL_COPY, INCREMENTAL_COPY, UPDATE_LATEST_COPY',
    ));

  test.each(['9.30', '25:00', '9:5'])('malformed time %s', (time) =>
    expectProblem(
      (raw) => (raw.scheduler.schedules[0].startTime = time),
      `scheduler.schedules[0].startTime = "${time}": expected a 24-hour time H:MM or HH:MM between 00:00 and 23:59`,
    ),
  );

  test('a time YAML read as a number', () =>
    expectProblem(
      (raw) => (raw.scheduler.schedules[0].stopTime = 2200),
      'scheduler.schedules[0].stopTime = 2200: expected a 24-hour time H:MM or HH:MM between 00:00 and 23:59 (quote it in YAML)',
    ));

  test('unknown time zone, wherever it is', () => {
    const raw = example();
    raw.timezone = 'Asia/Busan';
    raw.mysql.sources[0].timezone = 'KST';
    raw.scheduler.schedules[0].timezone = 'Seoul';
    expect(problemsOf(raw)).toEqual([
      'timezone = "Asia/Busan": expected an IANA time zone name such as Asia/Seoul or UTC',
      'mysql.sources[0].timezone = "KST": expected an IANA time zone name such as Asia/Seoul or UTC',
      'scheduler.schedules[0].timezone = "Seoul": expected an IANA time zone name such as Asia/Seoul or UTC',
    ]);
  });

  test("a MySQL source's tls is true or false", () =>
    expectProblem(
      (raw) => (raw.mysql.sources[1].tls = 'off'),
      'mysql.sources[1].tls = "off": expected true (TLS, verified against the RDS certificate authorities) or false (a server without TLS)',
    ));

  test('JANDI speaks ko or en', () => expectProblem((raw) => (raw.jandi.language = 'ja'), 'jandi.language = "ja": expected one of ko, en'));

  test('unknown DaysActive', () =>
    expectProblem(
      (raw) => (raw.scheduler.schedules[0].daysActive = 'mon-fri'),
      "scheduler.schedules[0].daysActive = \"mon-fri\": expected 'all', 'weekdays', 'weekends', or a comma-separated list of mon, tue, wed, thu, fri, sat, sun",
    ));

  test.each([
    ['firehose', 'streams', 1, 'name', 'firehose.streams[1].name = "impression": duplicates firehose.streams[0]; must be unique'],
    ['mysql', 'jobs', 1, 'name', 'mysql.jobs[1].name = "ads": duplicates mysql.jobs[0]; must be unique'],
    ['mysql', 'sources', 1, 'name', 'mysql.sources[1].name = "ads-db": duplicates mysql.sources[0]; must be unique'],
    ['scheduler', 'groups', 1, 'name', 'scheduler.groups[1].name = "GROUP1": duplicates scheduler.groups[0]; must be unique'],
  ])('duplicate %s.%s names', (section, list, index, field, expected) =>
    expectProblem((raw) => (raw[section][list][index][field] = raw[section][list][0][field]), expected),
  );

  test('duplicate schedule names', () =>
    expectProblem(
      (raw) => raw.scheduler.schedules.push({ ...raw.scheduler.schedules[0], tagValue: 'Staging' }),
      'scheduler.schedules[1].name = "Development": duplicates scheduler.schedules[0]; must be unique',
    ));

  test('duplicate column names within a stream', () =>
    expectProblem(
      (raw) => raw.firehose.streams[4].columns.push({ name: 'user_id', type: 'INTEGER' }),
      'firehose.streams[4].columns[4].name = "user_id": duplicates firehose.streams[4].columns[0]; must be unique',
    ));

  test.each([['Impressions'], ['impressions; drop table users'], ['user-activity'], ['1st_table']])('unsafe warehouse table name %j', (table) =>
    expectProblem(
      (raw) => (raw.firehose.streams[0].table = table),
      `firehose.streams[0].table = ${JSON.stringify(table)}: expected a warehouse identifier: lower-case letters, digits and _, starting with a letter or _, at most 127 characters`,
    ),
  );

  test('unsafe column name', () =>
    expectProblem(
      (raw) => (raw.firehose.streams[4].columns[2].name = 'activity type'),
      'firehose.streams[4].columns[2].name = "activity type": expected a warehouse identifier: lower-case letters, digits and _, starting with a letter or _, at most 127 characters',
    ));

  test('unsafe MySQL table name', () =>
    expectProblem(
      (raw) => (raw.mysql.jobs[0].table = 'ads`; DROP TABLE ads; --'),
      'mysql.jobs[0].table = "ads`; DROP TABLE ads; --": expected a MySQL identifier: letters, digits, _ and $, starting with a letter or _, at most 64 characters',
    ));

  test('a MySQL table whose name is not a warehouse name needs an explicit target', () =>
    expectProblem(
      (raw) => (raw.mysql.jobs[2].table = 'AdProviders'),
      'mysql.jobs[2].target.table (missing): is required because the MySQL table name "AdProviders" is not a valid warehouse identifier (lower case)',
    ));

  test('Redshift type out of range', () =>
    expectProblem(
      (raw) => (raw.firehose.streams[3].columns[3].type = 'VARCHAR(70000)'),
      /^firehose\.streams\[3\]\.columns\[3\]\.type = "VARCHAR\(70000\)": expected a Redshift type: .*VARCHAR\(n\) with n <= 65535 bytes/,
    ));

  test('mode-specific fields', () => {
    const raw = example();
    delete raw.mysql.jobs[0].updatedAtColumn;
    delete raw.mysql.jobs[1].primaryKey;
    raw.mysql.jobs[2].updatedAtColumn = 'updated_at';
    expect(problemsOf(raw)).toEqual([
      'mysql.jobs[0].updatedAtColumn (missing): is required for mode UPDATE_LATEST_COPY',
      'mysql.jobs[1].primaryKey (missing): is required for mode INCREMENTAL_COPY',
      'mysql.jobs[2].updatedAtColumn = "updated_at": is only used by mode UPDATE_LATEST_COPY, not FULL_COPY; remove it or change the mode',
    ]);
  });

  test('workers: 1 to 16, and 1 for UPDATE_LATEST_COPY', () => {
    const raw = example();
    raw.mysql.jobs[2].workers = 17;
    raw.mysql.jobs[0].workers = 4;
    const updateLatest =
      'mysql.jobs[0].workers = 4: must be 1 for mode UPDATE_LATEST_COPY (it reads in update-time order); workers split an integer key in FULL_COPY and INCREMENTAL_COPY';
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/^mysql\.jobs\[2\]\.workers = 17: expected a whole number of workers from 1 to 16/), updateLatest]);
    raw.mysql.jobs[2].workers = 4;
    expect(problemsOf(raw)).toEqual([updateLatest]);
  });

  test('fullCopySwap: copy (the default) or rename', () => {
    const raw = example();
    raw.mysql.jobs[2].fullCopySwap = 'move';
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/^mysql\.jobs\[2\]\.fullCopySwap = "move": expected one of copy, rename/)]);
  });

  test('excludeColumns: MySQL identifiers, never the key columns, each once', () => {
    const raw = example();
    raw.mysql.jobs[0].excludeColumns = ['bad name'];
    expect(problemsOf(raw)).toEqual([
      'mysql.jobs[0].excludeColumns[0] = "bad name": expected a MySQL identifier: letters, digits, _ and $, starting with a letter or _, at most 64 characters',
    ]);
    raw.mysql.jobs[0].excludeColumns = [raw.mysql.jobs[0].primaryKey, 'geo', 'geo', raw.mysql.jobs[0].updatedAtColumn];
    expect(problemsOf(raw)).toEqual([
      `mysql.jobs[0].excludeColumns[0] = "${raw.mysql.jobs[0].primaryKey}": is the job's primaryKey, which the sync needs; remove it from excludeColumns`,
      'mysql.jobs[0].excludeColumns[2] = "geo": repeats excludeColumns[1]; name each column once',
      `mysql.jobs[0].excludeColumns[3] = "${raw.mysql.jobs[0].updatedAtColumn}": is the job's updatedAtColumn, which the sync needs; remove it from excludeColumns`,
    ]);
  });

  test('a job naming no source', () =>
    expectProblem(
      (raw) => (raw.mysql.jobs[3].source = 'partner-db'),
      'mysql.jobs[3].source = "partner-db": names no source; expected one of mysql.sources[].name: ads-db, partners-db',
    ));

  test('MySQL jobs without the role COPY reads staged files with', () =>
    expectProblem(
      (raw) => delete raw.warehouse.copyRoleArn,
      'warehouse.copyRoleArn (missing): is required when mysql.jobs is not empty: COPY reads the staged files with this role',
    ));

  test('MySQL sources without a network', () =>
    expectProblem((raw) => delete raw.network, "network (missing): is required when mysql.sources is not empty: the sync Lambdas run in the sources' VPC"));

  test('two writers of one warehouse table', () =>
    expectProblem(
      (raw) => (raw.mysql.jobs[3].target = { schema: 'mysql_partners', table: 'ad_providers' }),
      'mysql.jobs[3].target.table = "ad_providers": warehouse table mysql_partners.ad_providers is already loaded by mysql.jobs[2]; each table has one writer',
    ));

  test('schedule expressions', () => {
    const raw = example();
    raw.mysql.jobs[0].schedule = 'rate(5 minute)';
    raw.mysql.jobs[1].schedule = 'cron(0 4 * * * *)';
    raw.mysql.jobs[2].schedule = 'every day';
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^mysql\.jobs\[0\]\.schedule = "rate\(5 minute\)": expected an EventBridge schedule: 'rate\(N minutes\|hours\|days\)'/);
    expect(problems[1]).toMatch(/^mysql\.jobs\[1\]\.schedule = "cron\(0 4 \* \* \* \*\)": expected an EventBridge schedule/);
  });

  test('secret ARNs must be complete', () =>
    expectProblem(
      (raw) => (raw.jandi.webhookSecretArn = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/webhook'),
      /^jandi\.webhookSecretArn = ".*jandi\/webhook": expected the complete ARN of a Secrets Manager secret, ending in the 6-character suffix/,
    ));

  test('warehouse type', () =>
    expectProblem(
      (raw) => (raw.warehouse.type = 'cluster'),
      'warehouse.type = "cluster": expected type provisioned (with clusterIdentifier) or serverless (with workgroupName)',
    ));

  test('serverless warehouse takes a workgroup, not a cluster', () => {
    const raw = example();
    raw.warehouse = {
      type: 'serverless',
      workgroupName: 'analytics',
      database: 'analytics',
      secretArn: raw.warehouse.secretArn,
      copyRoleArn: raw.warehouse.copyRoleArn,
      host: raw.warehouse.host,
    };
    expect(parseConfig(raw, 'x').warehouse).toMatchObject({ type: 'serverless', workgroupName: 'analytics' });
    raw.warehouse.clusterIdentifier = 'analytics';
    expect(problemsOf(raw)).toEqual(['warehouse.clusterIdentifier: unknown field (misspelled, or in the wrong section?)']);
  });

  test('Firehose streams need the warehouse endpoint, and COPY options that fit the route', () => {
    expectProblem(
      (raw) => delete raw.warehouse.host,
      'warehouse.host (missing): is required when firehose.streams are configured: Firehose connects to the warehouse endpoint (e.g. analytics.abc123.ap-northeast-2.redshift.amazonaws.com)',
    );
    expectProblem(
      (raw) => (raw.firehose.streams[1].copyOptions = 'TRUNCATECOLUMNS'),
      'firehose.streams[1].copyOptions = "TRUNCATECOLUMNS": must include GZIP: Firehose stages the records gzip-compressed',
    );
    expectProblem(
      (raw) => (raw.firehose.streams[0].copyOptions = 'GZIP FORMAT AS CSV'),
      'firehose.streams[0].copyOptions = "GZIP FORMAT AS CSV": must not set FORMAT, JSON, CSV, MANIFEST, IAM_ROLE or CREDENTIALS: the route writes FORMAT AS JSON with the generated JSONPaths, and Firehose adds the rest',
    );
  });

  test('Athena jobs: partition columns, SQL files that render, idempotent DDL, the COPY role', () => {
    const dir = path.join(ROOT, 'node_modules', '.cache', 'config-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'bad-placeholder.sql'), "SELECT 1 FROM t WHERE dt = '{{ds}}' AND x = '{{table}}'");
    writeFileSync(path.join(dir, 'drop.sql'), 'DROP TABLE raw_logs.lockscreen_activity');
    const relative = (name: string) => path.relative(ROOT, path.join(dir, name));
    expectProblem(
      (raw) => delete raw.athena.jobs[1].target.hourColumn,
      'athena.jobs[1].target.hourColumn (missing): is required for an hourly job: reruns delete the hour by it',
    );
    expectProblem(
      (raw) => (raw.athena.jobs[0].target.dayColumn = 'day'),
      'athena.jobs[0].target.dayColumn = "day": must be one of the target columns (ds, app_id, country, users, events): reruns delete the partition by it',
    );
    expectProblem(
      (raw) => (raw.athena.jobs[0].sqlFile = 'sql/athena/missing.sql'),
      /^athena\.jobs\[0\]\.sqlFile = "sql\/athena\/missing\.sql": no such file in the repository/,
    );
    expectProblem(
      (raw) => (raw.athena.jobs[0].sqlFile = relative('bad-placeholder.sql')),
      `athena.jobs[0].sqlFile = "${relative('bad-placeholder.sql')}": unknown placeholder {{table}}; only {{ds}} and {{hour}} exist`,
    );
    expectProblem(
      (raw) => (raw.athena.jobs[0].source.ddlFile = relative('drop.sql')),
      `athena.jobs[0].source.ddlFile = "${relative('drop.sql')}": must hold one CREATE EXTERNAL TABLE IF NOT EXISTS statement (it runs before every query, so it must be idempotent)`,
    );
    expectProblem(
      (raw) => (raw.athena.jobs[1].sqlFile = 'sql/athena/lockscreen_daily.sql'),
      'athena.jobs[1].sqlFile = "sql/athena/lockscreen_daily.sql": an hourly job must filter on {{hour}} too',
    );
    expectProblem(
      (raw) => (raw.athena.jobs[0].source.location = 's3://raw/prefix'),
      'athena.jobs[0].source.location = "s3://raw/prefix": expected s3://BUCKET/PREFIX/ (ending in /)',
    );
    expectProblem(
      (raw) => delete raw.warehouse.copyRoleArn,
      'warehouse.copyRoleArn (missing): is required when athena.jobs are configured: COPY reads the Parquet the queries unload with this role',
    );
  });

  test('misspelled field', () =>
    expectProblem((raw) => (raw.mysql.jobs[0].primarykey = 'id'), 'mysql.jobs[0].primarykey: unknown field (misspelled, or in the wrong section?)'));

  test('account id YAML read as a number', () =>
    expectProblem((raw) => (raw.account = 123456789012), 'account = 123456789012: expected a 12-digit AWS account id (quote it in YAML)'));

  test('server group dependencies: unknown group, other schedule, cycle', () => {
    const raw = example();
    raw.scheduler.groups[4].dependsOn = ['GROUP4', 'GROUP9'];
    expect(problemsOf(raw)).toEqual([
      'scheduler.groups[4].dependsOn[1] = "GROUP9": names no server group; expected one of GROUP1, GROUP2, GROUP3, GROUP4, GROUP5',
    ]);

    const other = example();
    other.scheduler.schedules.push({ name: 'Staging', daysActive: 'all', startTime: '08:00', stopTime: '20:00' });
    other.scheduler.groups.push({ name: 'STAGING1', schedule: 'Staging', instanceType: 'EC2', dependsOn: ['GROUP1'] });
    expect(problemsOf(other)).toEqual([
      'scheduler.groups[5].dependsOn[0] = "GROUP1": is in schedule Development, not Staging; dependencies stay within a schedule',
    ]);

    const cyclic = example();
    cyclic.scheduler.groups[0].dependsOn = ['GROUP5'];
    expect(problemsOf(cyclic)).toEqual([
      'scheduler.groups[0].dependsOn = ["GROUP5"]: forms a dependency cycle: GROUP1 -> GROUP5 -> GROUP4 -> GROUP3 -> GROUP1',
    ]);
  });

  test('a group in an unknown schedule, an unknown instance type', () => {
    const raw = example();
    raw.scheduler.groups[0].schedule = 'Dev';
    raw.scheduler.groups[1].instanceType = 'ECS';
    expect(problemsOf(raw)).toEqual(['scheduler.groups[1].instanceType = "ECS": expected one of EC2, RDS, AURORA, ASG']);
    raw.scheduler.groups[1].instanceType = 'RDS';
    expect(problemsOf(raw)).toEqual(['scheduler.groups[0].schedule = "Dev": names no schedule; expected one of Development']);
  });

  test('contradictory schedule settings', () => {
    const raw = example();
    Object.assign(raw.scheduler.schedules[0], { forceStart: true, forceStop: true, stopTime: '09:30' });
    expect(problemsOf(raw)).toEqual([
      'scheduler.schedules[0].forceStop = true: cannot be true together with forceStart; choose one',
      'scheduler.schedules[0].stopTime = "09:30": must differ from startTime',
    ]);
  });

  test('numbers out of range', () => {
    const raw = example();
    raw.firehose.streams[0].buffering = { sizeMB: 256, intervalSeconds: 60 };
    raw.jandi.requestTimeoutSeconds = 0.5;
    expect(problemsOf(raw)).toEqual([
      'jandi.requestTimeoutSeconds = 0.5: expected a whole number of seconds from 1 to 30',
      'firehose.streams[0].buffering.sizeMB = 256: expected a whole number of MB from 1 to 128',
    ]);
  });

  test('holiday calendars that exist', () =>
    expectProblem(
      (raw) => (raw.scheduler.schedules[0].skipHolidays = 'JP'),
      'scheduler.schedules[0].skipHolidays = "JP": names calendar JP, which is neither built in nor in companyHolidays; expected one of KR, COMPANY',
    ));

  test('a list of calendar names', () =>
    expectProblem(
      (raw) => (raw.scheduler.schedules[0].skipHolidays = 'KR, company'),
      /^scheduler\.schedules\[0\]\.skipHolidays = "KR, company": expected holiday calendar names separated by commas/,
    ));

  test('a company holiday under a calendar of its own, which schedules may then list', () => {
    const raw = example();
    raw.scheduler.companyHolidays.push({ date: '2027-01-04', name: 'Offsite', calendar: 'TEAM_A' });
    raw.scheduler.schedules[0].skipHolidays = 'KR,TEAM_A';
    expect(parseConfig(raw, 'test.yaml').scheduler.companyHolidays.map((h) => h.calendar)).toEqual(['COMPANY', 'TEAM_A']);
  });

  test('company holidays must be real dates', () =>
    expectProblem(
      (raw) => (raw.scheduler.companyHolidays[0].date = '2026-02-30'),
      'scheduler.companyHolidays[0].date = "2026-02-30": expected a real calendar date YYYY-MM-DD',
    ));

  test('EBS volume keys: key ARNs (IAM cannot name a key by alias) in the region of the instances', () => {
    const raw = example();
    raw.scheduler.kmsKeyArns = [
      'arn:aws:kms:ap-northeast-2:123456789012:alias/ebs',
      'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws:kms:ap-northeast-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ];
    // A key of another account is fine (the volume's key may be shared); an alias, or another region, is not.
    expect(problemsOf(raw)).toEqual([
      'scheduler.kmsKeyArns[0] = "arn:aws:kms:ap-northeast-2:123456789012:alias/ebs": expected the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), not an alias: IAM names keys by key ARN',
      'scheduler.kmsKeyArns[1] = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab": is a key in us-east-1; the scheduled instances\' volumes use keys in ap-northeast-2',
    ]);
    delete raw.scheduler.kmsKeyArns;
    expect(parseConfig(raw, 'test.yaml').scheduler.kmsKeyArns).toEqual([]);
  });

  test('Auto Scaling groups are a group kind', () => {
    const raw = example();
    raw.scheduler.groups.push({ name: 'WORKERS', schedule: 'Development', instanceType: 'ASG', dependsOn: ['GROUP3'] });
    expect(parseConfig(raw, 'test.yaml').scheduler.groups.at(-1)).toEqual({
      name: 'WORKERS',
      schedule: 'Development',
      instanceType: 'ASG',
      dependsOn: ['GROUP3'],
    });
  });
});

describe('files and environments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-'));

  test('YAML syntax errors and duplicate keys are reported with their line', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'name: a\nname: b\nregion: [ap-northeast-2\n');
    expect(() => loadConfigFile(file)).toThrow(ConfigError);
    expect(() => loadConfigFile(file)).toThrow(/YAML: Map keys must be unique at line 2/);
  });

  test('-c env=NAME selects config/NAME.yaml', () => {
    expect(configFileForEnv('example')).toBe(EXAMPLE);
    expect(() => configFileForEnv('staging')).toThrow(/no configuration file for environment "staging"; expected .*config\/staging\.yaml/);
    expect(() => configFileForEnv('../etc/passwd')).toThrow(/env = "..\/etc\/passwd": expected an environment name/);
  });
});
