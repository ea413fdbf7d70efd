/**
 * jandi.language in the synthesized app: every function that speaks to JANDI is told the language, and alarm
 * descriptions are written at synth in it (the notifier shows them in JANDI as they are). One platform is built
 * per language for both checks.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { exampleConfig, synthesizedStacks } from '../helpers/platform';

const HANGUL = /[\uAC00-\uD7A3]/;

interface FunctionResource {
  Properties: { FunctionName?: string; Environment?: { Variables?: Record<string, unknown> } };
}

/**
 * The platform in a language: every alarm by name with its description, and the functions that publish
 * notifications, deliver them or reply in the topic, with the language each was given.
 */
function synthesized(language?: 'ko' | 'en'): { alarms: Record<string, string>; speakers: Record<string, unknown> } {
  const config = exampleConfig();
  const stacks = synthesizedStacks(language ? { ...config, jandi: { ...config.jandi, language } } : config);
  const alarms: Record<string, string> = {};
  const speakers: Record<string, unknown> = {};
  for (const stack of Object.values(stacks)) {
    const template = Template.fromJSON(stack.template);
    const found = template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: Record<string, unknown> }>;
    for (const [id, alarm] of Object.entries(found)) alarms[String(alarm.Properties.AlarmName ?? id)] = String(alarm.Properties.AlarmDescription);
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, FunctionResource>)) {
      const vars = fn.Properties.Environment?.Variables ?? {};
      const speaks = 'NOTIFICATIONS_TOPIC_ARN' in vars || 'JANDI_WEBHOOK_SECRET_ARN' in vars || 'CHAT_COMMAND' in vars;
      if (speaks) speakers[String(fn.Properties.FunctionName ?? id)] = vars.JANDI_LANGUAGE;
    }
  }
  return { alarms, speakers };
}

const koreanApp = synthesized();
const englishApp = synthesized('en');
const korean = koreanApp.alarms;
const english = englishApp.alarms;

it('gives the configured language to the notifier, the bot and every function that publishes', () => {
  const speakers = koreanApp.speakers;
  expect(Object.keys(speakers)).toEqual(
    expect.arrayContaining(['example-jandi-notifier', 'example-scheduler-bot', 'example-instance-scheduler', 'example-daily-digest']),
  );
  expect(Object.keys(speakers).some((name) => name.includes('sync'))).toBe(true);
  expect(Object.keys(speakers).some((name) => name.includes('athena'))).toBe(true);
  expect(new Set(Object.values(speakers))).toEqual(new Set(['ko']));
  expect(new Set(Object.values(englishApp.speakers))).toEqual(new Set(['en']));
});

it('the example configuration (jandi.language: ko) describes every alarm in Korean', () => {
  expect(Object.keys(korean).length).toBeGreaterThanOrEqual(10);
  expect(Object.entries(korean).filter(([, description]) => !HANGUL.test(description))).toEqual([]);
  const ko = messagesFor('ko').alarms;
  expect(korean).toMatchObject({
    'example-notifications-dead-letters': ko.notificationsDeadLetters,
    'example-notifications-undelivered': ko.notificationsUndelivered(30),
    'example-instance-scheduler-errors': ko.schedulerErrors,
    'example-athena-runs-timed-out': ko.athenaRunsTimedOut,
  });
});

it('an English configuration describes the same alarms in English, with the same values', () => {
  expect(Object.keys(english).sort()).toEqual(Object.keys(korean).sort());
  expect(Object.entries(english).filter(([, description]) => HANGUL.test(description))).toEqual([]);
  expect(english['example-notifications-undelivered']).toBe('A notification has waited more than 30 minutes for JANDI: JANDI or the webhook is failing.');
  expect(english['example-athena-step-errors']).toBe(messagesFor('en').alarms.athenaStepErrors);
  const copyFailures = Object.keys(english).find((name) => name.endsWith('-copy-failures'))!;
  expect(english[copyFailures]).toMatch(/^A COPY into \S+\.\S+ failed \(stream \S+\)\. Look at STL_LOAD_ERRORS/);
  expect(korean[copyFailures]).toMatch(/^\S+\.\S+ COPY가 실패했습니다\(스트림 \S+\)\. STL_LOAD_ERRORS/);
});
