/**
 * Check 5, only with --canary: each Firehose stream delivers. One record carrying a marker (doctor-canary-... in a
 * VARCHAR column, or a large negative number in a BIGINT one; every other field left out, so NULL) is put into the
 * stream, looked for in its table until the stream's buffering interval plus a margin has passed, then deleted by
 * its marker. The record is first converted by the local replay's COPY model (lambda/firehose/core/replay.ts): a
 * record COPY would refuse fails the whole file, real records included, so a stream whose table cannot take one is
 * skipped rather than risked.
 */
import { PutRecordCommand } from '@aws-sdk/client-firehose';
import { quoteWarehouseIdentifier, quoteWarehouseTable } from '../../../lambda/core/sql-identifiers';
import { parseCopyOptions } from '../../../lambda/firehose/core/copy';
import { parseJsonPath } from '../../../lambda/firehose/core/json-values';
import { createLineConverter } from '../../../lambda/firehose/core/replay';
import { declaredTypes } from '../../../lambda/firehose/core/table-schema';
import type { FirehoseStreamConfig, PlatformConfig } from '../../config/schema';
import { redshiftConnection } from '../../config/warehouse';
import { deliveryStreamName, streamSpec } from '../../firehose/streams';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, isAccessDenied, pass, skip, type CheckResult, type Probe } from '../result';
import { DoctorStatements } from '../statements';

export const CANARY_PREFIX = 'doctor-canary-';
/** Beyond the buffering interval: Firehose's S3 write and the COPY, which may wait behind other loads. */
export const CANARY_MARGIN_SECONDS = 120;
export const CANARY_POLL_SECONDS = 15;

/** This run's markers: a text one, and a BIGINT one below any id (a safe integer, so JSON carries it exactly). */
export interface CanaryMarkers {
  readonly text: string;
  readonly number: string;
}

export function newMarkers(random: () => number = Math.random): CanaryMarkers {
  const hex = Array.from({ length: 12 }, () => Math.floor(random() * 16).toString(16)).join('');
  return { text: `${CANARY_PREFIX}${hex}`, number: String(-(2 ** 52 + Math.floor(random() * (2 ** 52 - 1)))) };
}

export type CanaryPlan =
  | {
      readonly kind: 'canary';
      readonly column: string;
      readonly marker: string;
      /** The JSON line put into the stream. */
      readonly record: string;
      readonly countSql: string;
      readonly deleteSql: string;
      /** The DELETE to run by hand, marker inlined (it is no secret). */
      readonly manualDelete: string;
      readonly windowSeconds: number;
    }
  | { readonly kind: 'none'; readonly reason: string };

/** Which column carries the marker, the record, and the statements that find and remove it. */
export function canaryPlan(stream: FirehoseStreamConfig, markers: CanaryMarkers): CanaryPlan {
  const spec = streamSpec(stream);
  let types: ReturnType<typeof declaredTypes>;
  try {
    types = declaredTypes(spec.columns);
  } catch (error) {
    return { kind: 'none', reason: (error as Error).message };
  }
  const candidates = spec.columns.flatMap((column, i) => {
    const steps = parseJsonPath(column.jsonPath ?? `$['${column.name}']`);
    if (steps.some((s) => typeof s === 'number')) return [];
    const type = types[i];
    if (type.kind === 'VARCHAR' && type.bytes >= markers.text.length) return [{ column, steps: steps as string[], marker: markers.text, text: true, rank: 0 }];
    if (type.kind === 'BIGINT') return [{ column, steps: steps as string[], marker: markers.number, text: false, rank: 1 }];
    return [];
  });
  const chosen = candidates.sort((a, b) => a.rank - b.rank)[0];
  if (!chosen) return { kind: 'none', reason: `no VARCHAR(${markers.text.length}+) or BIGINT column to carry a marker` };

  const placeholder = '\u0000marker\u0000';
  const root: Record<string, unknown> = {};
  let at = root;
  for (const step of chosen.steps.slice(0, -1)) {
    const inner: Record<string, unknown> = {};
    at[step] = inner;
    at = inner;
  }
  at[chosen.steps[chosen.steps.length - 1]] = placeholder;
  const record = JSON.stringify(root).replace(JSON.stringify(placeholder), chosen.text ? JSON.stringify(chosen.marker) : chosen.marker);
  const converted = createLineConverter(spec.columns, parseCopyOptions(stream.copyOptions)).convert(Buffer.from(record));
  if ('rejected' in converted) return { kind: 'none', reason: `COPY would refuse a record with only the marker (${converted.rejected})` };

  const table = quoteWarehouseTable(stream.schema, stream.table);
  const column = quoteWarehouseIdentifier(chosen.column.name);
  const value = chosen.text ? ':marker' : 'CAST(:marker AS BIGINT)';
  return {
    kind: 'canary',
    column: chosen.column.name,
    marker: chosen.marker,
    record,
    countSql: `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ${value}`,
    deleteSql: `DELETE FROM ${table} WHERE ${column} = ${value}`,
    manualDelete: `DELETE FROM ${table} WHERE ${column} = ${chosen.text ? `'${chosen.marker}'` : chosen.marker}`,
    windowSeconds: stream.buffering.intervalSeconds + CANARY_MARGIN_SECONDS,
  };
}

export type CanaryOutcome =
  | { readonly put: { readonly error: unknown } }
  | {
      /** Seconds after the put when a look found it; undefined when none did within the window. */
      readonly seenAfterSeconds?: number;
      /** The error of a look, which ended the looking. */
      readonly lookError?: unknown;
      readonly deleted: number | { readonly error: unknown };
    };

export function decideCanary(config: PlatformConfig, stream: FirehoseStreamConfig, plan: CanaryPlan, outcome?: CanaryOutcome): CheckResult {
  const check = `canary ${stream.name}`;
  const target = `${stream.schema}.${stream.table}`;
  const name = deliveryStreamName(config.name, stream.name);
  if (plan.kind === 'none') return skip(check, `no canary: ${plan.reason}`);
  if (!outcome) throw new Error('a canary plan needs its outcome');
  if ('put' in outcome) {
    const missing = String((outcome.put.error as { name?: unknown })?.name) === 'ResourceNotFoundException';
    return fail(
      check,
      `PutRecord into ${name} failed: ${describeError(outcome.put.error)}`,
      missing
        ? `deploy the event-streams stack: npx cdk deploy -c env=${config.name} ${config.name}-event-streams`
        : isAccessDenied(outcome.put.error)
          ? `your credentials need firehose:PutRecord on ${name}`
          : 'see the error',
    );
  }
  const removal =
    typeof outcome.deleted === 'number'
      ? `removed (${outcome.deleted} row${outcome.deleted === 1 ? '' : 's'})`
      : `but removing it failed: ${describeError(outcome.deleted.error)}`;
  if (outcome.seenAfterSeconds !== undefined && typeof outcome.deleted === 'number') {
    return pass(check, `arrived in ${target} after ${Math.round(outcome.seenAfterSeconds)} s (buffering ${stream.buffering.intervalSeconds} s), ${removal}`);
  }
  if (outcome.seenAfterSeconds !== undefined) {
    return fail(check, `arrived in ${target} after ${Math.round(outcome.seenAfterSeconds)} s, ${removal}`, `remove it: ${plan.manualDelete}`);
  }
  const late = `if it arrives later, remove it: ${plan.manualDelete}`;
  if (outcome.lookError !== undefined)
    return fail(check, `cannot look in ${target}: ${describeError(outcome.lookError)}`, `see the check 'warehouse'; ${late}`);
  return fail(
    check,
    `not in ${target} after ${plan.windowSeconds} s (buffering ${stream.buffering.intervalSeconds} s + ${CANARY_MARGIN_SECONDS} s margin)`,
    `see the stream's delivery errors: errors/${stream.name}/ in the delivery bucket and its RedshiftDelivery log ` +
      `(aws firehose describe-delivery-stream --delivery-stream-name ${name} names the log group); ${late}`,
  );
}

async function runCanary(context: DoctorContext, stream: FirehoseStreamConfig, plan: Extract<CanaryPlan, { kind: 'canary' }>): Promise<CanaryOutcome> {
  const put = await attempt(
    context.clients.firehose.send(
      new PutRecordCommand({ DeliveryStreamName: deliveryStreamName(context.config.name, stream.name), Record: { Data: Buffer.from(`${plan.record}\n`) } }),
    ),
  );
  if ('error' in put) return { put };
  const statements = new DoctorStatements(context.clients.data, redshiftConnection(context.config.warehouse), { sleep: context.sleep });
  const parameters = { marker: plan.marker };
  const started = context.now().getTime();
  let seenAfterSeconds: number | undefined;
  let lookError: unknown;
  for (;;) {
    await context.sleep(CANARY_POLL_SECONDS * 1000);
    const elapsed = (context.now().getTime() - started) / 1000;
    const look = await attempt(statements.query(plan.countSql, parameters));
    if ('error' in look) {
      lookError = look.error;
      break;
    }
    if (Number(look.value[0]?.n ?? 0) > 0) {
      seenAfterSeconds = elapsed;
      break;
    }
    if (elapsed >= plan.windowSeconds) break;
  }
  // Removed whether or not it was seen: a row that arrives between the last look and now goes too.
  const removed = await attempt(statements.execute(plan.deleteSql, parameters));
  return { seenAfterSeconds, ...(lookError !== undefined ? { lookError } : {}), deleted: 'error' in removed ? { error: removed.error } : removed.value };
}

export function canaryProbes(context: DoctorContext, markers: CanaryMarkers = newMarkers()): Probe[] {
  const { config } = context;
  if (config.firehose.streams.length === 0) return [];
  if (!context.options.canary) {
    const hint = 'not sent; --canary puts one marked record into each stream, waits for it in its table, then removes it';
    return [{ name: 'firehose canary', timeoutMs: 1000, run: async () => [skip('firehose canary', hint)] }];
  }
  return config.firehose.streams.map((stream) => {
    const plan = canaryPlan(stream, markers);
    const windowSeconds = plan.kind === 'canary' ? plan.windowSeconds : 0;
    return {
      name: `canary ${stream.name}`,
      timeoutMs: (windowSeconds + CANARY_POLL_SECONDS + 120) * 1000,
      run: async () => [decideCanary(config, stream, plan, plan.kind === 'canary' ? await runCanary(context, stream, plan) : undefined)],
    };
  });
}
