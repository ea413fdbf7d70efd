import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, DefinitionBody, Fail, JitterType, LogLevel, Pass, StateMachine, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
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
 */
export class SyncRunLoop extends Construct {
  readonly stateMachine: StateMachine;
  readonly maxRuns: number;

  constructor(scope: Construct, id: string, props: SyncRunLoopProps) {
    super(scope, id);
    this.maxRuns = props.maxRuns ?? 12;
    const name = syncRunLoopName(props.envName, props.sourceName);

    const run = new LambdaInvoke(this, 'Run', {
      lambdaFunction: props.function,
      payload: TaskInput.fromObject({ 'job.$': '$.job' }),
      payloadResponseOnly: true,
      resultPath: '$.result',
      retryOnServiceExceptions: false,
    });
    // Lambda's throttles and service errors: retried soon, with full jitter so executions started together spread out.
    run.addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
      interval: Duration.seconds(2),
      maxAttempts: 6,
      backoffRate: 2,
      jitterStrategy: JitterType.FULL,
    });
    // A crash or time-out: the job's chunks before it are committed, so a later run goes on from there.
    run.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2, jitterStrategy: JitterType.FULL });
    run.addCatch(new Fail(this, 'RunCrashed', { error: 'SyncRunCrashed', cause: 'The sync function failed repeatedly; see its log group' }), {
      errors: ['States.ALL'],
    });

    const nextRound = new Pass(this, 'NextRound', { parameters: { 'job.$': '$.job', 'round.$': 'States.MathAdd($.round, 1)' } });
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
      definitionBody: DefinitionBody.fromChainable(run.next(outcome)),
      // Each run ends before the function's 15 minutes; retries and the loop's own steps get the rest.
      timeout: Duration.minutes(16 * this.maxRuns + 30),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });

    props.notifier.alarmOnAny(this, 'NotCaughtUpAlarm', {
      alarmName: `${name}-not-caught-up`,
      alarmDescription: `A MySQL sync execution of source ${props.sourceName} ended without catching up: ${this.maxRuns} runs were not enough, or the function kept crashing. See the state machine ${name}.`,
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(15), statistic: 'Sum' }),
    });
    props.notifier.alarmOnAny(this, 'TimedOutAlarm', {
      alarmName: `${name}-timed-out`,
      alarmDescription: `A MySQL sync execution of source ${props.sourceName} ran past its time-out. See the state machine ${name}.`,
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
