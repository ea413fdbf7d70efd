/**
 * Check 5: with --canary, a marked record into each stream, looked for in its table within the buffering interval
 * plus the margin, then deleted by its marker. The clock moves only when the doctor waits.
 */
import { ExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { PutRecordCommand } from '@aws-sdk/client-firehose';
import { parseConfig } from '../../lib/config/load';
import type { FirehoseStreamConfig } from '../../lib/config/schema';
import { CANARY_MARGIN_SECONDS, canaryPlan, canaryProbes, newMarkers } from '../../lib/doctor/checks/canary';
import { runProbes } from '../../lib/doctor/runner';
import { redshiftDialectProblems } from '../helpers/redshift-dialect';
import { exampleConfig } from '../helpers/platform';
import { awsError, contextFor, fakeClock, healthyAccount, mocks } from './fakes';

const markers = { text: 'doctor-canary-0123456789ab', number: '-6755399441055745' };
const example = exampleConfig();
/** The example with its impression stream only. */
const config = parseConfig({ ...example, firehose: { streams: [example.firehose.streams[0]] } }, 'test');
const impression = config.firehose.streams[0];

/** A stream of the example with other columns. */
const streamWith = (columns: { name: string; type: string; jsonPath?: string }[]): FirehoseStreamConfig =>
  parseConfig({ ...example, firehose: { streams: [{ name: 'probe', schema: 'events', table: 'probes', columns }] } }, 'test').firehose.streams[0];

let fake: ReturnType<typeof healthyAccount>;
let clock: ReturnType<typeof fakeClock>;
beforeEach(() => {
  fake = healthyAccount(config);
  clock = fakeClock();
});

const run = (c = config, options = { canary: true }) => runProbes(canaryProbes(contextFor(c, options, clock), markers));

describe('the canary record: which column carries the marker, and what COPY would make of it', () => {
  test('a VARCHAR column wide enough: the record holds the marker alone, the statements take it as a parameter', () => {
    const plan = canaryPlan(impression, markers);
    expect(plan).toEqual({
      kind: 'canary',
      column: 'impression_id',
      marker: markers.text,
      record: `{"impression_id":"${markers.text}"}`,
      countSql: 'SELECT COUNT(*) AS n FROM "events"."impressions" WHERE "impression_id" = :marker',
      deleteSql: 'DELETE FROM "events"."impressions" WHERE "impression_id" = :marker',
      manualDelete: `DELETE FROM "events"."impressions" WHERE "impression_id" = '${markers.text}'`,
      windowSeconds: 60 + CANARY_MARGIN_SECONDS,
    });
    if (plan.kind !== 'canary') throw new Error('no plan');
    for (const sql of [plan.countSql, plan.deleteSql, plan.manualDelete]) expect(redshiftDialectProblems(sql)).toEqual([]);
  });

  test("the window is the stream's own buffering interval plus the margin", () => {
    expect(canaryPlan(example.firehose.streams.find((s) => s.name === 'device')!, markers)).toMatchObject({ windowSeconds: 300 + CANARY_MARGIN_SECONDS });
  });

  test('only a BIGINT: a negative safe integer, as a JSON number, compared as BIGINT', () => {
    expect(
      canaryPlan(
        streamWith([
          { name: 'user_id', type: 'BIGINT' },
          { name: 'country', type: 'CHAR(2)' },
          { name: 'timestamp', type: 'TIMESTAMP' },
        ]),
        markers,
      ),
    ).toMatchObject({
      column: 'user_id',
      record: `{"user_id":${markers.number}}`,
      countSql: 'SELECT COUNT(*) AS n FROM "events"."probes" WHERE "user_id" = CAST(:marker AS BIGINT)',
      manualDelete: `DELETE FROM "events"."probes" WHERE "user_id" = ${markers.number}`,
    });
    expect(Number.isSafeInteger(Number(newMarkers().number))).toBe(true);
    expect(newMarkers().text).toMatch(/^doctor-canary-[0-9a-f]{12}$/);
  });

  test('a column read from a nested path: the record nests the marker there', () => {
    expect(canaryPlan(streamWith([{ name: 'device_id', type: 'VARCHAR(64)', jsonPath: '$.device.id' }]), markers)).toMatchObject({
      record: `{"device":{"id":"${markers.text}"}}`,
    });
  });

  test.each([
    [
      'no column can carry a marker',
      [
        { name: 'country', type: 'CHAR(2)' },
        { name: 'app_id', type: 'INTEGER' },
        { name: 'os', type: 'VARCHAR(16)' },
      ],
      'no VARCHAR(26+) or BIGINT column to carry a marker',
    ],
    [
      'another column reads records as arrays, which COPY fails on for an object (with every real record in its file)',
      [
        { name: 'event_id', type: 'VARCHAR(64)' },
        { name: 'first', type: 'VARCHAR(32)', jsonPath: '$[0]' },
      ],
      "COPY would refuse a record with only the marker (column first: $[0]: Invalid JSONPath format: Not an array or index out of range; Redshift's COPY fails as a whole on this, whatever MAXERROR)",
    ],
  ])('none when %s', (_, columns, reason) => {
    expect(canaryPlan(streamWith(columns), markers)).toEqual({ kind: 'none', reason });
  });
});

test('SKIP without --canary: one line, nothing put', async () => {
  expect(await run(config, { canary: false })).toEqual([
    {
      check: 'firehose canary',
      status: 'SKIP',
      detail: 'not sent; --canary puts one marked record into each stream, waits for it in its table, then removes it',
    },
  ]);
  expect(mocks.firehose.calls()).toEqual([]);
});

test('PASS: put into the stream, found on the third look, then deleted by its marker', async () => {
  fake.warehouse.canaryCounts = [0, 0, 1];
  expect(await run()).toEqual([
    { check: 'canary impression', status: 'PASS', detail: 'arrived in events.impressions after 45 s (buffering 60 s), removed (1 row)' },
  ]);
  const put = mocks.firehose.commandCalls(PutRecordCommand)[0].args[0].input;
  expect(put.DeliveryStreamName).toBe('example-impression');
  expect(Buffer.from(put.Record!.Data!).toString()).toBe(`{"impression_id":"${markers.text}"}\n`);
  expect(fake.warehouse.sent.map((s) => [s.sql.split(' ')[0], s.parameters])).toEqual([
    ['SELECT', { marker: markers.text }],
    ['SELECT', { marker: markers.text }],
    ['SELECT', { marker: markers.text }],
    ['DELETE', { marker: markers.text }],
  ]);
});

test('FAIL: not there when the window ends; it is deleted anyway, and the fix says how to remove a late one', async () => {
  fake.warehouse.canaryCounts = [0];
  expect(await run()).toEqual([
    {
      check: 'canary impression',
      status: 'FAIL',
      detail: 'not in events.impressions after 180 s (buffering 60 s + 120 s margin)',
      fix:
        "see the stream's delivery errors: errors/impression/ in the delivery bucket and its RedshiftDelivery log " +
        '(aws firehose describe-delivery-stream --delivery-stream-name example-impression names the log group); ' +
        `if it arrives later, remove it: DELETE FROM "events"."impressions" WHERE "impression_id" = '${markers.text}'`,
    },
  ]);
  expect(clock.elapsedMs()).toBeGreaterThanOrEqual(180_000);
  expect(clock.elapsedMs()).toBeLessThan(200_000);
  expect(fake.warehouse.sent.at(-1)!.sql).toMatch(/^DELETE /);
});

test('FAIL: the stream refuses the record (not deployed)', async () => {
  mocks.firehose.on(PutRecordCommand).rejects(awsError('ResourceNotFoundException', 'Firehose example-impression under account 123456789012 not found.'));
  expect(await run()).toEqual([
    {
      check: 'canary impression',
      status: 'FAIL',
      detail: 'PutRecord into example-impression failed: ResourceNotFoundException: Firehose example-impression under account 123456789012 not found.',
      fix: 'deploy the event-streams stack: npx cdk deploy -c env=example example-event-streams',
    },
  ]);
  expect(mocks.data.calls()).toEqual([]);
});

test('FAIL: it arrived but could not be removed; the fix is the DELETE to run', async () => {
  mocks.data
    .on(ExecuteStatementCommand, { Sql: 'DELETE FROM "events"."impressions" WHERE "impression_id" = :marker' })
    .rejects(awsError('ValidationException', 'permission denied'));
  expect(await run()).toEqual([
    {
      check: 'canary impression',
      status: 'FAIL',
      detail: 'arrived in events.impressions after 15 s, but removing it failed: ValidationException: permission denied',
      fix: `remove it: DELETE FROM "events"."impressions" WHERE "impression_id" = '${markers.text}'`,
    },
  ]);
});

test('FAIL: the table cannot be looked in; the canary is still deleted', async () => {
  mocks.data
    .on(ExecuteStatementCommand, { Sql: 'SELECT COUNT(*) AS n FROM "events"."impressions" WHERE "impression_id" = :marker' })
    .rejects(awsError('ValidationException', 'relation "events.impressions" does not exist'));
  expect(await run()).toEqual([
    expect.objectContaining({
      status: 'FAIL',
      detail: 'cannot look in events.impressions: ValidationException: relation "events.impressions" does not exist',
      fix: expect.stringMatching(/^see the check 'warehouse'; if it arrives later, remove it: DELETE/),
    }),
  ]);
  expect(mocks.data.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Sql!.split(' ')[0])).toEqual(['SELECT', 'DELETE']);
});

test('SKIP per stream whose table cannot take a canary safely; the others run', async () => {
  const mixed = parseConfig(
    {
      ...example,
      firehose: {
        streams: [example.firehose.streams[0], { name: 'codes', schema: 'events', table: 'codes', columns: [{ name: 'country', type: 'CHAR(2)' }] }],
      },
    },
    'test',
  );
  healthyAccount(mixed);
  expect(await run(mixed)).toEqual([
    expect.objectContaining({ check: 'canary impression', status: 'PASS' }),
    { check: 'canary codes', status: 'SKIP', detail: 'no canary: no VARCHAR(26+) or BIGINT column to carry a marker' },
  ]);
  expect(mocks.firehose.commandCalls(PutRecordCommand)).toHaveLength(1);
});

test("each stream's time limit leaves room for its window", () => {
  const probes = canaryProbes(contextFor(example, { canary: true }), markers);
  const device = probes.find((p) => p.name === 'canary device')!;
  expect(device.timeoutMs).toBeGreaterThan((300 + CANARY_MARGIN_SECONDS) * 1000);
});
