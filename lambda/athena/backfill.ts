/**
 * Runs of a job over a range of partitions, at most `concurrency` at a time: each is an execution of the job
 * state machine (the same runs the schedule starts), watched until it ends. Used by the CLI's `backfill`.
 */
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { partitionKey, type Partition } from './core/partition';

export interface BackfillOptions {
  readonly stateMachineArn: string;
  readonly concurrency: number;
  /** Seconds between looks at running executions. @default 15 */
  readonly pollSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A line per started and finished run. */
  readonly progress?: (line: string) => void;
  /** Distinguishes this backfill's execution names from others'. @default the current time */
  readonly stamp?: string;
}

export interface BackfillSummary {
  readonly job: string;
  readonly partitions: number;
  readonly succeeded: number;
  readonly failed: readonly string[];
}

/** An execution name: letters, digits, - and _, at most 80 characters. */
export function executionName(job: string, partition: Partition, stamp: string): string {
  return `${job}-${partitionKey(partition).replace('T', '-')}-${stamp}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}

/**
 * `job` is the job's name: an execution carries the name and the partition only, and the step runs the deployed
 * SQL into the deployed target.
 */
export async function backfill(sfn: SFNClient, job: string, partitions: readonly Partition[], options: BackfillOptions): Promise<BackfillSummary> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error('concurrency must be a whole number of at least 1');
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const stamp = options.stamp ?? new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const queue = [...partitions];
  const running = new Map<string, string>(); // execution ARN → partition key
  const failed: string[] = [];
  let succeeded = 0;
  while (queue.length > 0 || running.size > 0) {
    while (queue.length > 0 && running.size < options.concurrency) {
      const partition = queue.shift()!;
      const started = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: options.stateMachineArn,
          name: executionName(job, partition, stamp),
          input: JSON.stringify({ job, partition: partitionKey(partition) }),
        }),
      );
      running.set(started.executionArn!, partitionKey(partition));
      options.progress?.(`started ${partitionKey(partition)}`);
    }
    await sleep((options.pollSeconds ?? 15) * 1000);
    for (const [arn, key] of [...running]) {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      if (status === 'RUNNING' || status === 'PENDING_REDRIVE') continue;
      running.delete(arn);
      if (status === 'SUCCEEDED') succeeded++;
      else failed.push(key);
      options.progress?.(`${status === 'SUCCEEDED' ? 'loaded' : `${status?.toLowerCase() ?? 'ended'}`} ${key}`);
    }
  }
  return { job, partitions: partitions.length, succeeded, failed };
}
