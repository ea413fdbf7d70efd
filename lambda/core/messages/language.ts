/** The languages JANDI messages and bot replies are written in (`jandi.language` in the configuration). */
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The variable every function that speaks to JANDI reads its language from. */
export const LANGUAGE_ENV = 'JANDI_LANGUAGE';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language set for this function. Unset means English, which is what deployments made before the setting
 * existed speak; anything else is a deployment mistake and fails loudly rather than speaking a guess.
 */
export function languageFromEnv(env: NodeJS.ProcessEnv = process.env): Language {
  const value = env[LANGUAGE_ENV];
  if (value === undefined || value === '') return 'en';
  if (!isLanguage(value)) throw new Error(`environment variable ${LANGUAGE_ENV} must be one of ${LANGUAGES.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}
