/**
 * The shape every command-line tool shares: arguments are checked first (a problem is one line, the usage, exit 2),
 * then the work runs (a failure is one line, exit 1). Output goes through `out`/`err` so tests can run a tool
 * in-process.
 */
export type Print = (text: string) => void;

export const stdout: Print = (text) => process.stdout.write(`${text}\n`);
export const stderr: Print = (text) => process.stderr.write(`${text}\n`);

export async function runCommand<T>(usage: string, err: Print, parse: () => T, run: (parsed: T) => Promise<number>): Promise<number> {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    err(`error: ${(error as Error).message}`);
    err(usage);
    return 2;
  }
  try {
    return await run(parsed);
  } catch (error) {
    err(`error: ${((error as Error).message ?? String(error)).split('\n').join('; ')}`);
    return 1;
  }
}
