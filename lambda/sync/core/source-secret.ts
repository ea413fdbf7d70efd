/**
 * The shape of a MySQL source's secret, the one the deployed sync and the CLI's --source-secret both read: JSON with
 * `username` and `password` (what RDS writes for a database's credentials; other fields are ignored). Pure, so the
 * two read it the same way.
 */

export interface SourceCredentials {
  readonly user: string;
  readonly password: string;
}

/** The credentials in a parsed secret; `what` names the secret in the error, which never quotes the value. */
export function sourceCredentials(secret: unknown, what: string): SourceCredentials {
  const fields = (secret ?? {}) as { username?: string; password?: string };
  if (!fields.username || fields.password === undefined) throw new Error(`${what} has no username and password`);
  return { user: fields.username, password: fields.password };
}
