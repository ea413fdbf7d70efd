/**
 * The notification contract every component publishes to the notifications topic, and how any message
 * arriving on that topic (ours, a CloudWatch alarm, or plain text from a person or another tool) becomes
 * a JANDI message. Nothing that reaches the topic is dropped for its shape.
 */
import * as z from 'zod/mini';
import { jandiMessage, SEVERITIES, type JandiBlock, type JandiMessage, type Severity } from './jandi-message';
import { messagesFor, type Messages } from './messages/catalogue';
import { isValidTimeZone } from './clock';
import { formatZoned } from './zoned-time';

/** For callers that speak no other language (scripts, the doctor's English runs). */
const ENGLISH = messagesFor('en');

// zod/mini rather than zod: the same checks at a fraction of the bundle size in every handler.
export const notificationSchema = z.strictObject({
  /** The component that speaks: scheduler, mysql-sync, firehose, athena, ... */
  source: z.string().check(z.minLength(1), z.maxLength(64)),
  severity: z.enum(SEVERITIES),
  title: z.string().check(z.minLength(1)),
  text: z.optional(z.string()),
  fields: z.optional(z.array(z.strictObject({ title: z.string(), value: z.string() }))),
  link: z.optional(z.strictObject({ text: z.string().check(z.minLength(1)), url: z.url({ protocol: /^https$/ }) })),
});

export type Notification = z.infer<typeof notificationSchema>;

/** The notification's own words are the publisher's, already in the team's language; `messages` frames the rest. */
export function renderNotification(notification: Notification, messages: Messages = ENGLISH): JandiMessage {
  const lines = [`[${notification.source}] ${notification.title}`];
  if (notification.text) lines.push(notification.text);
  if (notification.link) lines.push(`[${escapeLinkText(notification.link.text)}](${notification.link.url})`);
  const blocks = (notification.fields ?? []).map((field) => ({ title: field.title, description: field.value }));
  return jandiMessage(notification.severity, lines.join('\n'), blocks, messages);
}

const alarmSchema = z.looseObject({
  AlarmName: z.string(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.optional(z.string()),
  AlarmDescription: z.nullish(z.string()),
  AlarmArn: z.optional(z.string()),
  StateChangeTime: z.optional(z.string()),
  OldStateValue: z.optional(z.string()),
  Trigger: z.optional(z.looseObject({ MetricName: z.optional(z.string()), Namespace: z.optional(z.string()) })),
});

type CloudWatchAlarmMessage = z.infer<typeof alarmSchema>;

const ALARM_SEVERITY: Readonly<Record<CloudWatchAlarmMessage['NewStateValue'], Severity>> = {
  ALARM: 'failure',
  OK: 'success',
  INSUFFICIENT_DATA: 'warning',
};

/** CloudWatch's own text (the reason, names, the description written at synth) is shown as it comes. */
export function renderAlarm(alarm: CloudWatchAlarmMessage, messages: Messages = ENGLISH, timezone?: string): JandiMessage {
  const words = messages.alarms;
  const lines = [`[cloudwatch] ${words.heading(alarm.NewStateValue, alarm.AlarmName)}`];
  if (alarm.AlarmDescription) lines.push(alarm.AlarmDescription);
  const region = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):/.exec(alarm.AlarmArn ?? '')?.[1];
  if (region) {
    const url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`;
    lines.push(`[${escapeLinkText(words.openAlarm)}](${url})`);
  }
  const blocks: JandiBlock[] = [];
  if (alarm.NewStateReason) blocks.push({ title: words.reason, description: alarm.NewStateReason });
  if (alarm.Trigger?.MetricName) {
    blocks.push({ title: words.metric, description: [alarm.Trigger.Namespace, alarm.Trigger.MetricName].filter(Boolean).join(' / ') });
  }
  if (alarm.StateChangeTime) {
    blocks.push({ title: words.changed, description: words.changedValue(alarm.OldStateValue, alarm.NewStateValue, inZone(alarm.StateChangeTime, timezone)) });
  }
  return jandiMessage(ALARM_SEVERITY[alarm.NewStateValue], lines.join('\n'), blocks, messages);
}

export type InboundKind = 'notification' | 'alarm' | 'text';

/**
 * Turns whatever was published to the topic into a JANDI message, and says which kind it recognised. `timezone`:
 * where the team is; CloudWatch's times (UTC) are shown in it.
 */
export function renderInbound(
  message: string,
  subject?: string,
  messages: Messages = ENGLISH,
  timezone?: string,
): { kind: InboundKind; message: JandiMessage } {
  const parsed = parseJson(message);
  const notification = notificationSchema.safeParse(parsed);
  if (notification.success) return { kind: 'notification', message: renderNotification(notification.data, messages) };
  const alarm = alarmSchema.safeParse(parsed);
  if (alarm.success) return { kind: 'alarm', message: renderAlarm(alarm.data, messages, timezone) };
  const body = subject && subject.trim() !== '' ? `${subject}\n${message}` : message;
  return { kind: 'text', message: jandiMessage('info', body.trim() === '' ? messages.alarms.emptyMessage : body, [], messages) };
}

/** CloudWatch's moment in the zone, written with the zone's offset; as it came when either does not parse. */
function inZone(at: string, timezone: string | undefined): string {
  const instant = new Date(at.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!timezone || Number.isNaN(instant.getTime()) || !isValidTimeZone(timezone)) return at;
  return formatZoned(instant, timezone);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Square brackets inside link text would end the markdown link early. */
function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, (bracket) => (bracket === '[' ? '(' : ')'));
}
