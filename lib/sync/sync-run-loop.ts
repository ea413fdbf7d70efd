import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { syncRunLoopName } from './names';

export interface SyncRunLoopProps {
  readonly envName: string;
  /** The source's sync function; it runs one job per invocation and says whether the job is caught up (`done`). */
  readonly function: IFunction;
  /** The source's name, in the state machine's name. */
  readonly sourceName: string;
  /** Where a job not caught up after `maxRuns` runs, or a function that keeps crashing, is reported. */
  readonly notifier: JandiNotifier;
  /**
   * Runs of the function one execution makes before it gives up and alarms: a job this far behind needs a look.
   * @default 12
   */
  readonly maxRuns?: number;
}

/**
 * Runs a sync job until it is caught up: the function copies what fits in one invocation (its deadline) and answers
 * `done`; the state machine invokes it again until then, with jittered retries of Lambda's own errors. A run that
 * failed was reported by the function itself; one skipped because another execution holds the job ends quietly.
 * An execution started with `fanOut` (a FULL_COPY with workers) plans key ranges, extracts them in a Map state at
 * most `workers` at a time, and loads every part in one transaction (lambda/sync/fan-out.ts).
 */
export class SyncRunLoop extends Construct {
  readonly stateMachine: StateMachine;
  readonly maxRuns: number;

  constructor(scope: Construct, id: string, props: SyncRunLoopProps) {
    super(scope, id);
    this.maxRuns = props.maxRuns ?? 12;
    const name = syncRunLoopName(props.envName, props.sourceName);

    /** A task invoking the function with `payload` (none: the state's input as it is). */
    const invoke = (id: string, payload: Record<string, unknown> | undefined, resultPath: string) => {
      const task = new LambdaInvoke(this, id, {
        lambdaFunction: props.function,
        payload: payload && TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
        retryOnServiceExceptions: false,
      });
      // Lambda's throttles and service errors: retried soon, with full jitter so executions started together spread out.
      task.addRetry({
        errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
        interval: Duration.seconds(2),
        maxAttempts: 6,
        backoffRate: 2,
        jitterStrategy: JitterType.FULL,
      });
      // A crash or time-out: the job's chunks before it are committed (an extract rewrites its own files), so a later
      // attempt goes on from there.
      task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2, jitterStrategy: JitterType.FULL });
      return task;
    };
    // The job, and the mode of this execution (null: the job's own).
    const job = { 'job.$': '$.job', 'mode.$': '$.mode' };
    const run = invoke('Run', job, '$.result');
    run.addCatch(new Fail(this, 'RunCrashed', { error: 'SyncRunCrashed', cause: 'The sync function failed repeatedly; see its log group' }), {
      errors: ['States.ALL'],
    });

    // The fan-out: a failed plan or extract (after its retries) is reported to JANDI by the function, then fails the execution.
    const reportFailure = invoke(
      'ReportFanOutFailure',
      { ...job, action: 'failed', 'error.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)" },
      '$.report',
    ).next(new Fail(this, 'FanOutFailed', { error: 'SyncFanOutFailed', cause: 'A plan or extract step kept failing; the function reported it to JANDI' }));
    const plan = invoke('PlanRanges', { ...job, action: 'plan' }, '$.plan').addCatch(reportFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    const extract = new MapState(this, 'ExtractRanges', {
      itemsPath: '$.plan.ranges',
      maxConcurrencyPath: '$.plan.workers',
      itemSelector: {
        job: JsonPath.stringAt('$.job'),
        mode: JsonPath.stringAt('$.mode'),
        action: 'extract',
        runId: JsonPath.stringAt('$$.Execution.Name'),
        index: JsonPath.numberAt('$$.Map.Item.Value.index'),
        last: JsonPath.stringAt('$$.Map.Item.Value.last'),
        range: JsonPath.objectAt('$$.Map.Item.Value'),
      },
      resultPath: JsonPath.DISCARD,
    });
    // Each item, as the ItemSelector made it, is the extract request itself.
    extract.itemProcessor(invoke('ExtractRange', undefined, '$'));
    extract.addCatch(reportFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    const load = invoke('LoadRanges', { ...job, action: 'load', 'runId.$': '$$.Execution.Name', 'ranges.$': 'States.ArrayLength($.plan.ranges)' }, '$.result');
    load.addCatch(new Fail(this, 'LoadCrashed', { error: 'SyncLoadCrashed', cause: 'The fanned-out load failed repeatedly; see the function log group' }), {
      errors: ['States.ALL'],
    });

    const nextRound = new Pass(this, 'NextRound', { parameters: { 'job.$': '$.job', 'mode.$': '$.mode', 'round.$': 'States.MathAdd($.round, 1)' } });
    const outcome = new Choice(this, 'Outcome')
      .when(Condition.stringEquals('$.result.status', 'failed'), new Succeed(this, 'FailureReported', { comment: 'The function alerted JANDI.' }))
      .when(Condition.stringEquals('$.result.status', 'skipped'), new Succeed(this, 'AnotherRunHoldsTheJob'))
      .when(Condition.booleanEquals('$.result.done', true), new Succeed(this, 'CaughtUp'))
      .when(
        Condition.numberGreaterThanEquals('$.round', this.maxRuns),
        new Fail(this, 'NotCaughtUp', {
          error: 'SyncNotCaughtUp',
          cause: `Still not caught up after ${this.maxRuns} runs; the next scheduled execution goes on`,
        }),
      )
      .otherwise(nextRound.next(run));

    const logs = new LogGroup(this, 'Logs', { logGroupName: `/aws/vendedlogs/states/${name}`, retention: RetentionDays.THREE_MONTHS });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      definitionBody: DefinitionBody.fromChainable(
        new Choice(this, 'FanOut').when(Condition.isPresent('$.fanOut'), plan.next(extract).next(load).next(outcome)).otherwise(run.next(outcome)),
      ),
      // Each run ends before the function's 15 minutes; retries and the loop's own steps get the rest.
      timeout: Duration.minutes(16 * this.maxRuns + 30),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });

    props.notifier.alarmOnAny(this, 'NotCaughtUpAlarm', {
      alarmName: `${name}-not-caught-up`,
      alarmDescription: props.notifier.messages.alarms.syncNotCaughtUp(props.sourceName, this.maxRuns, name),
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(15), statistic: 'Sum' }),
    });
    props.notifier.alarmOnAny(this, 'TimedOutAlarm', {
      alarmName: `${name}-timed-out`,
      alarmDescription: props.notifier.messages.alarms.syncTimedOut(props.sourceName, name),
      metric: this.stateMachine.metricTimedOut({ period: Duration.minutes(15), statistic: 'Sum' }),
    });

    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.function.node.defaultChild as never)}.Arn>:*]`,
        reason: 'The state machine invokes exactly the sync function (and its versions).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing and CloudWatch Logs delivery (the state machine log) support no resource-level permissions.',
      },
    );
  }
}
