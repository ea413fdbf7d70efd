/** Scheduler events: starts, stops, the pre-stop warning, failures, capacity, configuration problems. */
import type { Language } from './language';

export type SchedulerMessages = {};

export const schedulerMessages: Readonly<Record<Language, SchedulerMessages>> = {
  ko: {},
  en: {},
};
