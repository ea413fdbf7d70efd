/**
 * JANDI Incoming Webhook messages: the payload shape, colours by severity, and the size limits we keep.
 *
 * JANDI documents no size limits; one public client claims 5,000 characters for `body`. These limits leave
 * headroom and keep a message readable on a phone; anything cut is marked with an ellipsis.
 */
import { messagesFor, type Messages } from './messages/catalogue';
import { truncateText } from './text';

export const SEVERITIES = ['info', 'success', 'warning', 'failure'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  info: '#2F80ED',
  success: '#27AE60',
  warning: '#F2994A',
  failure: '#EB5757',
};

export const JANDI_LIMITS = { body: 4000, blockTitle: 100, blockDescription: 1000, blocks: 10 } as const;

export interface JandiBlock {
  readonly title: string;
  readonly description: string;
}

export interface JandiMessage {
  readonly body: string;
  readonly connectColor: string;
  readonly connectInfo: readonly JandiBlock[];
}

const ENGLISH = messagesFor('en');

/**
 * Builds a message within JANDI_LIMITS: long text is cut safely, blocks beyond the limit are summarised (in the
 * language of `messages`; English for callers that speak no other).
 */
export function jandiMessage(severity: Severity, body: string, blocks: readonly JandiBlock[], messages: Messages = ENGLISH): JandiMessage {
  const usable = blocks.filter((block) => block.title.trim() !== '' || block.description.trim() !== '');
  const shown =
    usable.length <= JANDI_LIMITS.blocks
      ? usable
      : [
          ...usable.slice(0, JANDI_LIMITS.blocks - 1),
          {
            title: messages.alarms.moreBlocks(usable.length - JANDI_LIMITS.blocks + 1),
            description: usable
              .slice(JANDI_LIMITS.blocks - 1)
              .map((block) => block.title)
              .join(', '),
          },
        ];
  return {
    body: truncateText(body, JANDI_LIMITS.body),
    connectColor: SEVERITY_COLOURS[severity],
    connectInfo: shown.map((block) => ({
      title: truncateText(block.title, JANDI_LIMITS.blockTitle),
      description: truncateText(block.description, JANDI_LIMITS.blockDescription),
    })),
  };
}
