/** Run reports: the daily digest, Athena and MySQL sync runs, the doctor's test message. */
import type { Language } from './language';

export type ReportMessages = {};

export const reportsMessages: Readonly<Record<Language, ReportMessages>> = {
  ko: {},
  en: {},
};
