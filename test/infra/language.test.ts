/** Every function that speaks to JANDI is told the configured language; the others are not bothered with it. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../../lib/platform';
import { appWithProjectContext, exampleConfig } from '../helpers/platform';

interface FunctionResource {
  Properties: { FunctionName?: string; Environment?: { Variables?: Record<string, unknown> } };
}

/** Functions that publish notifications, deliver them, or reply in the topic, with the language each was given. */
function languagesOfSpeakers(language: 'ko' | 'en'): Record<string, unknown> {
  const config = exampleConfig();
  const platform = buildPlatform(appWithProjectContext(), { ...config, jandi: { ...config.jandi, language } });
  const speakers: Record<string, unknown> = {};
  for (const stack of Object.values(platform).filter((s): s is Stack => s instanceof Stack)) {
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function') as Record<string, FunctionResource>;
    for (const [id, fn] of Object.entries(functions)) {
      const vars = fn.Properties.Environment?.Variables ?? {};
      const speaks = 'NOTIFICATIONS_TOPIC_ARN' in vars || 'JANDI_WEBHOOK_SECRET_ARN' in vars || 'CHAT_COMMAND' in vars;
      if (speaks) speakers[String(fn.Properties.FunctionName ?? id)] = vars.JANDI_LANGUAGE;
    }
  }
  return speakers;
}

it('gives the configured language to the notifier, the bot and every function that publishes', () => {
  const speakers = languagesOfSpeakers('ko');
  expect(Object.keys(speakers)).toEqual(
    expect.arrayContaining(['example-jandi-notifier', 'example-scheduler-bot', 'example-instance-scheduler', 'example-daily-digest']),
  );
  expect(Object.keys(speakers).some((name) => name.includes('sync'))).toBe(true);
  expect(Object.keys(speakers).some((name) => name.includes('athena'))).toBe(true);
  expect(new Set(Object.values(speakers))).toEqual(new Set(['ko']));
});

it('speaks English where the configuration says so', () => {
  expect(new Set(Object.values(languagesOfSpeakers('en')))).toEqual(new Set(['en']));
});
