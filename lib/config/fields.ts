/**
 * Field validators for the environment configuration. Every message states what is allowed;
 * the loader adds the field path and the value that was given.
 */
import { z } from 'zod';
import { CLOCK_TIME_RULE, DAYS_ACTIVE_RULE, isValidTimeZone, parseClockTime, parseDaysActive } from '../../lambda/core/clock';
import { parseRedshiftType, REDSHIFT_TYPE_RULE } from '../../lambda/warehouse/types';
import { MYSQL_IDENTIFIER, MYSQL_IDENTIFIER_RULE, WAREHOUSE_IDENTIFIER, WAREHOUSE_IDENTIFIER_RULE } from '../../lambda/core/sql-identifiers';
import { CALENDAR_NAME, CALENDAR_NAME_RULE } from '../../lambda/scheduler/core/holidays';

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

function pattern(regex: RegExp, rule: string) {
  return z.string({ error: `expected ${rule}` }).regex(regex, { error: `expected ${rule}` });
}

/** Names of things the platform creates (streams, jobs, schedules): they become parts of AWS resource names. */
export const resourceName = pattern(/^[a-z][a-z0-9_-]{0,39}$/, 'a name of lower-case letters, digits, _ and -, starting with a letter, at most 40 characters');

export const warehouseIdentifier = pattern(WAREHOUSE_IDENTIFIER, WAREHOUSE_IDENTIFIER_RULE);
export const mysqlIdentifier = pattern(MYSQL_IDENTIFIER, MYSQL_IDENTIFIER_RULE);

export const redshiftType = z
  .string({ error: `expected a Redshift type: ${REDSHIFT_TYPE_RULE}` })
  .refine((text) => parseRedshiftType(text) !== undefined, { error: `expected a Redshift type: ${REDSHIFT_TYPE_RULE}` });

export const timeZone = z
  .string({ error: 'expected an IANA time zone name such as Asia/Seoul or UTC' })
  .refine(isValidTimeZone, { error: 'expected an IANA time zone name such as Asia/Seoul or UTC' });

export const clockTime = z
  .string({ error: `expected ${CLOCK_TIME_RULE} (quote it in YAML)` })
  .refine((text) => parseClockTime(text) !== undefined, { error: `expected ${CLOCK_TIME_RULE}` });

export const daysActive = z
  .string({ error: `expected ${DAYS_ACTIVE_RULE}` })
  .refine((text) => parseDaysActive(text) !== undefined, { error: `expected ${DAYS_ACTIVE_RULE}` });

export const isoDate = z
  .string({ error: 'expected a date YYYY-MM-DD (quote it in YAML)' })
  .refine(isRealDate, { error: 'expected a real calendar date YYYY-MM-DD' });

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text);
}

export const secretArn = pattern(
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
  'the complete ARN of a Secrets Manager secret, ending in the 6-character suffix AWS adds ' +
    '(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf), so IAM can name exactly that secret',
);

export const awsAccount = pattern(/^\d{12}$/, 'a 12-digit AWS account id (quote it in YAML)');
export const awsRegion = pattern(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as ap-northeast-2');
export const vpcId = pattern(/^vpc-[0-9a-f]{8,17}$/, 'a VPC id such as vpc-0123456789abcdef0');
export const subnetId = pattern(/^subnet-[0-9a-f]{8,17}$/, 'a subnet id such as subnet-0123456789abcdef0');
export const securityGroupId = pattern(/^sg-[0-9a-f]{8,17}$/, 'a security group id such as sg-0123456789abcdef0');
export const hostName = pattern(
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
  'a DNS host name',
);
export const email = pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address');
export const countryCode = pattern(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as KR');
export const calendarName = pattern(CALENDAR_NAME, `a holiday calendar name (${CALENDAR_NAME_RULE}) such as KR or COMPANY`);
export const calendarList = pattern(
  new RegExp(`^${CALENDAR_NAME.source.slice(1, -1)}(,${CALENDAR_NAME.source.slice(1, -1)})*$`),
  `holiday calendar names separated by commas (each ${CALENDAR_NAME_RULE}), such as KR or KR,COMPANY`,
);

const RATE = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;
export const SCHEDULE_RULE =
  "an EventBridge schedule: 'rate(N minutes|hours|days)' ('rate(1 hour)' in the singular), or 'cron(MIN HOUR DOM MONTH DOW YEAR)' with '?' in DOM or DOW";
export const scheduleExpression = z
  .string({ error: `expected ${SCHEDULE_RULE}` })
  .refine((text) => RATE.test(text) || (CRON.test(text) && cronHasOneQuestionMark(text)), {
    error: `expected ${SCHEDULE_RULE}`,
  });

function cronHasOneQuestionMark(text: string): boolean {
  const fields = text.slice(5, -1).split(' ');
  return (fields[2] === '?') !== (fields[4] === '?');
}

export function integer(min: number, max: number, unit: string) {
  const error = `expected a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}
