#!/usr/bin/env node
/**
 * `npm run --silent sync -- --source mysql://USER@HOST:PORT/DB --target postgres://USER@HOST:PORT/DB --table NAME
 *   --mode MODE ...`: one sync run with the Lambda's engine, into PostgreSQL (lib/cli/sync-local.ts); or
 * `--job NAME --env NAME`: a configured job on the deployed platform (lib/cli/sync-deployed.ts).
 * Prints a one-line JSON summary; any problem is one line on stderr and a non-zero exit, the target untouched.
 */
import { parseArgs } from 'node:util';
import { SYNC_MODES } from '../lambda/sync/core/sql';
import { type Print, runAsProgram, runCli, stderr, stdout } from '../lib/cli/command';
import { runStatus, type StatusLine } from '../lib/cli/progress';
import { runDeployedJob, type DeployedRunClients } from '../lib/cli/sync-deployed';
import { localRunFromArguments, runLocal } from '../lib/cli/sync-local';
import { redactor, urlPassword } from '../lib/cli/source-login';

const USAGE = `usage: npm run --silent sync -- --source mysql://USER@HOST:PORT/DB --target postgres://USER@HOST:PORT/DB --table NAME
         --mode FULL_COPY|INCREMENTAL_COPY|UPDATE_LATEST_COPY [options]
   or: npm run --silent sync -- --job NAME [--env NAME | --config FILE] [--mode MODE] [--region REGION]
                         a configured job on the deployed platform (its run loop), with your AWS credentials

The MySQL password, never as an argument (ps and shell history show arguments):
  MYSQL_PWD=...                         in the environment, as the mysql client takes it
  --source-password-stdin               the first line of standard input
  --source-secret ARN [--region REGION] the user and password from the source's secret in Secrets Manager
                                        ({"username","password"}, as the deployed sync reads it), with your AWS credentials
  (a password in the --source URL still works, with a warning; PGPASSWORD or ~/.pgpass gives --target's)

options of a local run:
  --target-table SCHEMA.NAME  --key COLUMN  --updated-at COLUMN  --job NAME  --overlap-minutes N
  --source-timezone ZONE  --oversize-text error|truncate  --exclude-columns A,B  --state-schema NAME
  --source-tls on|off (off only for a server without TLS)  --deadline SECONDS  --chunk-rows N  --workers N
  --swap copy|rename
Progress (rows, rows/s, time left) is shown on stderr when it is a terminal.`;

export interface SyncCliIo {
  readonly out?: Print;
  readonly err?: Print;
  /** Lines of how far a run has got. @default a status line on stderr when it is a terminal and `err` is stderr */
  readonly progress?: (line: string) => void;
  /** The terminal's status line that shows progress. @default one on stderr when it is a terminal and `err` is stderr */
  readonly status?: StatusLine;
  readonly clients?: DeployedRunClients;
  /** MYSQL_PWD, DEBUG. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Read by --source-password-stdin. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
}

const deployedForm = (argv: readonly string[]) => argv.some((a) => /^--(env|config)(=|$)/.test(a));

function deployedArguments(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: { job: { type: 'string' }, env: { type: 'string' }, config: { type: 'string' }, region: { type: 'string' }, mode: { type: 'string' } },
  });
  if (!values.job) throw new Error('--job is required with --env or --config');
  if (values.mode !== undefined && !(SYNC_MODES as readonly string[]).includes(values.mode))
    throw new Error(`--mode must be one of ${SYNC_MODES.join(', ')} (by default the job's own)`);
  return { ...values, job: values.job };
}

export function main(argv: string[], io: SyncCliIo = {}): Promise<number> {
  const status = io.progress ? undefined : runStatus(io.status, io.err !== undefined);
  // On a terminal, other lines print above the status line.
  const err = io.err ?? (status ? (line: string) => status.print(line) : stderr);
  const progress = io.progress ?? (status ? (line: string) => status.update(line) : undefined);
  const env = io.env ?? process.env;
  // Passwords in URLs are known now, so even a usage error cannot show them; the others once they are read.
  const secrets = argv.map((a) => urlPassword(a.replace(/^--[a-z-]+=/, ''))).filter((p) => p !== '');
  const out = io.out ?? stdout;
  // The last line, an error: the status line (if any) ends above it.
  const last = (line: string) => {
    status?.end();
    err(line);
  };
  const common = { usage: USAGE, argv, out, err: last, env, redact: redactor(() => secrets) };
  if (deployedForm(argv)) {
    return runCli({
      ...common,
      parse: () => deployedArguments(argv),
      run: async (options) => {
        try {
          return await runDeployedJob(options, out, err, progress, io.clients);
        } finally {
          status?.end();
        }
      },
    });
  }
  return runCli({
    ...common,
    parse: () => localRunFromArguments(argv),
    run: (run) =>
      runLocal(run, {
        out,
        err,
        progress,
        status,
        env,
        stdin: io.stdin ?? process.stdin,
        secret: (value) => secrets.push(value),
      }),
  });
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));
