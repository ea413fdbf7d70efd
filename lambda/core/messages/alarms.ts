/** CloudWatch alarms: how the notifier frames them, and the descriptions constructs give them at synth. */
import type { Language } from './language';

export type AlarmMessages = {};

export const alarmsMessages: Readonly<Record<Language, AlarmMessages>> = {
  ko: {},
  en: {},
};
