#!/usr/bin/env node
/**
 * `npm run --silent doctor -- --env NAME [--post] [--canary] [--json]`: checks a deployed environment with your AWS
 * credentials, read-only but for the harmless canaries the options ask for. One line per check, PASS, FAIL (with
 * what to do) or SKIP; exit 0 only when nothing failed. See lib/doctor/.
 */
import { parseArgs } from 'node:util';
import { runAsProgram, runCli, stderr, stdout, type Print } from '../lib/cli/command';
import { loadConfigForCli } from '../lib/config/load';
import { doctorClients, realSleep, type DoctorClients } from '../lib/doctor/context';
import { runDoctor } from '../lib/doctor/doctor';
import { exitStatus, formatResult, resultsJson, summary } from '../lib/doctor/result';
import { NoCredentialsError } from '../lib/doctor/runner';

const USAGE = `usage: npm run --silent doctor -- --env NAME [--config FILE] [--region REGION] [--post] [--canary] [--json]

Checks a deployed environment with your AWS credentials: the stacks, the secrets' shape (never their values), JANDI,
the warehouse and its tables, the JSONPaths files, each MySQL source from its sync function, the Athena workgroup,
the scheduler's tables and ticks. One line per check: PASS, FAIL (with what to do) or SKIP. A failed check exits 1.

options:
  --env NAME             the environment (config/NAME.yaml)
  --config FILE          a configuration file instead
  --region REGION        AWS region (default: the configuration's)
  --post                 send one test message to the JANDI topic
  --canary               put one marked record into each Firehose stream, wait for it in its table (up to the
                         stream's buffering interval plus 2 minutes), then delete it
  --json                 print [{ check, status, detail, fix? }] instead of lines`;

export interface DoctorDependencies {
  readonly clients?: DoctorClients;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly concurrency?: number;
}

interface Arguments {
  readonly env?: string;
  readonly config?: string;
  readonly region?: string;
  readonly post: boolean;
  readonly canary: boolean;
  readonly json: boolean;
}

function parse(argv: string[]): Arguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      config: { type: 'string' },
      region: { type: 'string' },
      post: { type: 'boolean', default: false },
      canary: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.env && !values.config) throw new Error('--env NAME (or --config FILE) is required');
  if (values.env && values.config) throw new Error('give --env or --config, not both');
  return { env: values.env, config: values.config, region: values.region, post: values.post!, canary: values.canary!, json: values.json! };
}

export function main(argv: string[], out: Print = stdout, err: Print = stderr, deps: DoctorDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, argv, out, err, parse: () => parse(argv), run: (args) => doctor(args, out, err, deps) });
}

async function doctor(args: Arguments, out: Print, err: Print, deps: DoctorDependencies): Promise<number> {
  const { config } = loadConfigForCli(args);
  try {
    const results = await runDoctor(
      {
        config,
        clients: deps.clients ?? doctorClients(args.region ?? config.region),
        options: { post: args.post, canary: args.canary },
        now: deps.now ?? (() => new Date()),
        sleep: deps.sleep ?? realSleep,
      },
      { concurrency: deps.concurrency },
    );
    if (args.json) out(resultsJson(results));
    else {
      for (const result of results) out(formatResult(result));
      err(summary(results));
    }
    return exitStatus(results);
  } catch (error) {
    if (!(error instanceof NoCredentialsError)) throw error;
    err(
      `error: no AWS credentials (${error.message}): sign in for account ${config.account} (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run again`,
    );
    return 1;
  }
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));
