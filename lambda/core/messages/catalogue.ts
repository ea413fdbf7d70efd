/**
 * The one catalogue every JANDI message and bot reply is written from, in each language of `jandi.language`.
 * Each area keeps both languages side by side under one interface, so a message missing in either language
 * does not compile; `test/core/messages/` renders every entry in both.
 *
 * Entries are functions of what the message is about, not format strings: word order differs between Korean
 * and English, and so do counters and particles. Technical details inside a message (an AWS error, a SQL
 * error, a configuration field name) are shown as they come.
 */
import { alarmsMessages, type AlarmMessages } from './alarms';
import { botMessages, type BotMessages } from './bot';
import { FORMATS, type Formats } from './format';
import type { Language } from './language';
import { reportsMessages, type ReportMessages } from './reports';
import { schedulerMessages, type SchedulerMessages } from './scheduler';

export { LANGUAGES, LANGUAGE_ENV, isLanguage, languageFromEnv, type Language } from './language';
export type { Formats } from './format';

export interface Messages {
  readonly language: Language;
  readonly format: Formats;
  readonly scheduler: SchedulerMessages;
  readonly bot: BotMessages;
  readonly reports: ReportMessages;
  readonly alarms: AlarmMessages;
}

export function messagesFor(language: Language): Messages {
  return {
    language,
    format: FORMATS[language],
    scheduler: schedulerMessages[language],
    bot: botMessages[language],
    reports: reportsMessages[language],
    alarms: alarmsMessages[language],
  };
}
