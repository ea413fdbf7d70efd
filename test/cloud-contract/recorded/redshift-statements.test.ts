/**
 * Every statement the Redshift adapters sent through the (mocked) Data API in this run's tests, checked for
 * Redshift's dialect: PostgreSQL accepting a statement in the stand-in proves nothing about Redshift.
 */
import { CALL_LOG_ENV } from '../../helpers/aws-call-recorder';
import { redshiftDialectProblems } from '../../helpers/redshift-dialect';
import { readRecordedCalls } from '../permissions';

const dir = process.env[CALL_LOG_ENV];
if (!dir) throw new Error(`${CALL_LOG_ENV} is not set: run the whole suite with bash scripts/test.sh, which records the statements this test checks`);

const statements = new Map<string, string>();
for (const call of readRecordedCalls(dir)) {
  if (call.client !== 'RedshiftDataClient') continue;
  const input = call.input as { Sql?: string; Sqls?: string[] };
  for (const sql of [input.Sql, ...(input.Sqls ?? [])])
    if (sql) statements.set(sql, `${call.command} from ${call.chain.join(' < ')} (seen in ${call.testFile})`);
}

test('the suite sent statements through the Data API from the sync and the Athena step', () => {
  const senders = new Set([...statements.values()].map((where) => where.replace(/ \(seen in .*$/, '')));
  expect([...senders].some((s) => s.includes('lambda/sync/'))).toBe(true);
  expect([...senders].some((s) => s.includes('lambda/athena/'))).toBe(true);
});

test('every statement sent to Redshift is valid Redshift', () => {
  const problems = [...statements].flatMap(([sql, where]) => redshiftDialectProblems(sql).map((p) => `${p}\n  in ${sql.slice(0, 300)}\n  ${where}`));
  expect(problems).toEqual([]);
});
