/**
 * Check 3: JANDI answers. Only with --post: one test message, rendered by the notifier's own code (renderInbound of
 * a platform notification) and posted to the webhook URL in the secret, as the notifier posts it.
 */
import { postToJandi, parseWebhookSecret } from '../../../lambda/adapters/jandi-webhook';
import { classifyAttempt, describeAttempt, type AttemptResult } from '../../../lambda/core/delivery-policy';
import type { JandiMessage } from '../../../lambda/core/jandi-message';
import { messagesFor } from '../../../lambda/core/messages/catalogue';
import { renderInbound } from '../../../lambda/core/notification';
import { formatZoned } from '../../../lambda/core/zoned-time';
import type { PlatformConfig } from '../../config/schema';
import type { DoctorContext } from '../context';
import { fail, pass, skip, type CheckResult, type Probe } from '../result';
import { readSecretValue } from './secrets';

const CHECK = 'jandi post';

/** The test message, in jandi.language, as the notifier renders a notification published to the topic. */
export function testMessage(config: PlatformConfig, at: Date): JandiMessage {
  const messages = messagesFor(config.jandi.language);
  const say = messages.reports;
  const notification = {
    source: 'doctor',
    severity: 'info',
    title: say.doctorTestTitle(config.name),
    text: say.doctorTestText,
    fields: [
      { title: say.fieldEnvironment, value: `${config.name} (${config.account}, ${config.region})` },
      { title: say.fieldSent, value: say.doctorSentAt(at.toISOString(), formatZoned(at, config.timezone), config.timezone) },
    ],
  };
  return renderInbound(JSON.stringify(notification), undefined, messages).message;
}

export function decideJandiPost(result: AttemptResult): CheckResult {
  const verdict = classifyAttempt(result);
  if (verdict === 'delivered') return pass(CHECK, `JANDI took the test message (${describeAttempt(result)})`);
  const answer = describeAttempt(result);
  if (verdict === 'permanent') {
    return fail(
      CHECK,
      `JANDI refused the test message: ${answer}`,
      "the webhook may have been removed or its URL mistyped: add an Incoming Webhook to the topic in JANDI and store its URL in jandi.webhookSecretArn's secret",
    );
  }
  return fail(
    CHECK,
    `JANDI did not take the test message: ${answer}`,
    'run again later; if it persists, check that this machine reaches wh.jandi.com over HTTPS (the notifier in AWS retries by itself)',
  );
}

export function jandiProbes(context: DoctorContext): Probe[] {
  const { config } = context;
  if (!context.options.post)
    return [{ name: CHECK, timeoutMs: 1000, run: async () => [skip(CHECK, 'no message sent; --post sends one test message to the topic')] }];
  const timeoutMs = config.jandi.requestTimeoutSeconds * 1000;
  return [
    {
      name: CHECK,
      timeoutMs: timeoutMs + 20_000,
      run: async () => {
        const read = await readSecretValue(context, config.jandi.webhookSecretArn);
        if (!('value' in read)) return [fail(CHECK, 'cannot read the webhook secret', "see the check 'secret jandi webhook'")];
        let url: string;
        try {
          url = parseWebhookSecret(read.value);
        } catch (error) {
          return [fail(CHECK, (error as Error).message, "see the check 'secret jandi webhook'")];
        }
        return [decideJandiPost(await postToJandi(url, testMessage(config, context.now()), timeoutMs))];
      },
    },
  ];
}
