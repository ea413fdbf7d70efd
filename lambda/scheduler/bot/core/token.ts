/** The bot's token as its secret holds it: the token itself, or JSON with a `token` field. Read by the bot and the doctor. */
export function tokenFromSecret(value: string): string {
  try {
    const parsed = JSON.parse(value) as { token?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.token === 'string') return parsed.token;
  } catch {
    // not JSON: the value is the token
  }
  return value.trim();
}
