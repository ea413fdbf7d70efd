/**
 * `npm run --silent sync -- --job NAME [--env NAME | --config FILE] [--mode MODE] [--region REGION]`: runs a configured job on the
 * deployed platform, with your AWS credentials. It starts the job's run loop (the state machine of its MySQL source,
 * which runs the job until it is caught up) and waits for it, printing the last run's summary as one JSON line; on a
 * terminal, how far it has got (from the execution's history: runs or ranges, rows, rows/s, time left).
 * Exit 0 when the job is caught up (or another execution holds it), 1 when the execution failed.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { formatProgress } from '../../lambda/sync/core/progress';
import { executionProgress } from '../sync/execution-progress';
import { loadConfigForCli } from '../config/load';
import { syncExecutionInput, syncRunLoopName } from '../sync/names';

export interface DeployedRunOptions {
  readonly job: string;
  readonly env?: string;
  readonly config?: string;
  readonly region?: string;
  /** Run the job in this mode instead of its own (an operator's FULL_COPY to start it afresh). */
  readonly mode?: string;
}

export interface DeployedRunClients {
  readonly sfn?: SFNClient;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Seconds between looks at the execution. @default 5 */
  readonly pollSeconds?: number;
}

/** The state machine that runs the jobs of `source`. */
export function runLoopArn(region: string, account: string, envName: string, source: string): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${syncRunLoopName(envName, source)}`;
}

export async function runDeployedJob(
  options: DeployedRunOptions,
  out: (text: string) => void,
  err: (text: string) => void,
  progress: ((line: string) => void) | undefined,
  clients: DeployedRunClients = {},
): Promise<number> {
  const { config } = loadConfigForCli(options);
  const job = config.mysql.jobs.find((j) => j.name === options.job);
  if (!job)
    throw new Error(`no MySQL job ${JSON.stringify(options.job)} in ${config.name}; jobs: ${config.mysql.jobs.map((j) => j.name).join(', ') || 'none'}`);
  const region = options.region ?? config.region;
  const sfn = clients.sfn ?? new SFNClient({ region });
  const sleep = clients.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: runLoopArn(region, config.account, config.name, job.source),
      // A name of its own, so the console and the logs tell an operator's run from a scheduled one.
      name: `manual-${job.name}-${new Date(started).toISOString().replace(/[:.]/g, '-')}`.slice(0, 80),
      input: JSON.stringify(syncExecutionInput(job, options.mode)),
    }),
  );
  err(`started ${executionArn}`);
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      const output = execution.output ? (JSON.parse(execution.output) as { result?: unknown }) : undefined;
      if (execution.status === 'SUCCEEDED') {
        out(JSON.stringify(output?.result ?? output ?? {}));
        const result = output?.result as { status?: string } | undefined;
        return result?.status === 'failed' ? 1 : 0;
      }
      err(`error: the execution ${execution.status?.toLowerCase()}: ${execution.error ?? 'no error'}${execution.cause ? ` (${execution.cause})` : ''}`);
      return 1;
    }
    if (progress) {
      const seconds = (Date.now() - started) / 1000;
      const now = executionProgress(await history(sfn, executionArn!));
      const steps = now.ranges ? `${now.ranges.done} of ${now.ranges.planned} ranges extracted` : `${now.runs} run${now.runs === 1 ? '' : 's'}`;
      progress(`${job.name}: ${steps}, ${formatProgress({ rows: now.rows, seconds, totalRows: now.totalRows })}, ${Math.round(seconds)} s`);
    }
    await sleep((clients.pollSeconds ?? 5) * 1000);
  }
}

/** Every event of the execution so far, page by page. */
async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
