/** Alarm descriptions are written at synth in jandi.language: the notifier shows them in JANDI as they are. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { buildPlatform } from '../../lib/platform';
import { appWithProjectContext, exampleConfig } from '../helpers/platform';

const HANGUL = /[\uAC00-\uD7A3]/;

/** Every alarm of the platform by name, with its description. */
function alarmDescriptions(language?: 'ko' | 'en'): Record<string, string> {
  const config = exampleConfig();
  const platform = buildPlatform(appWithProjectContext(), language ? { ...config, jandi: { ...config.jandi, language } } : config);
  const descriptions: Record<string, string> = {};
  for (const stack of Object.values(platform).filter((s): s is Stack => s instanceof Stack)) {
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: Record<string, unknown> }>;
    for (const [id, alarm] of Object.entries(alarms)) descriptions[String(alarm.Properties.AlarmName ?? id)] = String(alarm.Properties.AlarmDescription);
  }
  return descriptions;
}

const korean = alarmDescriptions();
const english = alarmDescriptions('en');

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
