/** The chat bot's replies, its command problems and the operations' refusals. */
import type { Language } from './language';

export type BotMessages = {};

export const botMessages: Readonly<Record<Language, BotMessages>> = {
  ko: {},
  en: {},
};
