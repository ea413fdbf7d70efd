/** Check 3: with --post, one test message through the notifier's rendering to a real HTTP server standing in for JANDI. */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SEVERITY_COLOURS } from '../../lambda/core/jandi-message';
import { parseConfig } from '../../lib/config/load';
import { jandiProbes, testMessage } from '../../lib/doctor/checks/jandi';
import { runProbes } from '../../lib/doctor/runner';
import { FakeJandi } from '../helpers/fake-jandi';
import { exampleConfig } from '../helpers/platform';
import { contextFor, healthyAccount, mocks, NOW } from './fakes';

const jandi = new FakeJandi();
beforeAll(() => jandi.start());
afterAll(() => jandi.stop());

/** The example, answering JANDI within a second. */
const config = parseConfig({ ...exampleConfig(), jandi: { ...exampleConfig().jandi, requestTimeoutSeconds: 1 } }, 'test');

beforeEach(() => {
  jandi.reset();
  healthyAccount(config, { webhookUrl: jandi.url });
});

const post = () => runProbes(jandiProbes(contextFor(config, { post: true })));

test('SKIP without --post: nothing is sent, the hint says how', async () => {
  expect(await runProbes(jandiProbes(contextFor(config)))).toEqual([
    { check: 'jandi post', status: 'SKIP', detail: 'no message sent; --post sends one test message to the topic' },
  ]);
  expect(jandi.requests).toEqual([]);
  expect(mocks.secrets.calls()).toEqual([]);
});

test('PASS with --post: one message, rendered as the notifier renders a notification, posted as the notifier posts', async () => {
  expect(await post()).toEqual([{ check: 'jandi post', status: 'PASS', detail: 'JANDI took the test message (HTTP 200)' }]);
  expect(jandi.requests).toHaveLength(1);
  const [request] = jandi.requests;
  expect(request).toMatchObject({ method: 'POST', path: `/connect-api/webhook/15293847/${jandi.token}` });
  expect(request.headers).toMatchObject({ accept: 'application/vnd.tosslab.jandi-v2+json', 'content-type': 'application/json; charset=utf-8' });
  // The example sets jandi.language: ko; the time is the app time zone's, as Korean readers write it.
  expect(JSON.parse(request.body)).toEqual({
    body:
      '[doctor] 플랫폼 점검 도구의 테스트 메시지입니다 (example)\n' +
      'JANDI가 플랫폼의 메시지를 받는지 doctor --post로 확인하려고 보낸 메시지입니다. 따로 하실 일은 없습니다.',
    connectColor: SEVERITY_COLOURS.info,
    connectInfo: [
      { title: '환경', description: 'example (123456789012, ap-northeast-2)' },
      { title: '보낸 시각', description: '11월 30일(월) 10:00 (Asia/Seoul)' },
    ],
  });
});

test('in English where jandi.language is en, with the time as UTC ISO 8601', () => {
  const english = parseConfig({ ...config, jandi: { ...config.jandi, language: 'en' } }, 'test');
  expect(testMessage(english, NOW)).toEqual({
    body: "[doctor] Test message from the platform doctor (example)\nSent by the doctor's --post to check that JANDI takes the platform's messages. Nothing to do.",
    connectColor: SEVERITY_COLOURS.info,
    connectInfo: [
      { title: 'Environment', description: 'example (123456789012, ap-northeast-2)' },
      { title: 'Sent', description: NOW.toISOString() },
    ],
  });
});

test.each([
  [
    'refuses it (404)',
    { status: 404 },
    'JANDI refused the test message: HTTP 404',
    "the webhook may have been removed or its URL mistyped: add an Incoming Webhook to the topic in JANDI and store its URL in jandi.webhookSecretArn's secret",
  ],
  [
    'fails (503)',
    { status: 503 },
    'JANDI did not take the test message: HTTP 503',
    'run again later; if it persists, check that this machine reaches wh.jandi.com over HTTPS (the notifier in AWS retries by itself)',
  ],
  ['never answers', 'hang' as const, 'JANDI did not take the test message: timed out', expect.stringContaining('reaches wh.jandi.com')],
])('FAIL when JANDI %s, without the URL in the report', async (_, reply, detail, fix) => {
  jandi.reply(reply);
  const results = await post();
  expect(results).toEqual([{ check: 'jandi post', status: 'FAIL', detail, fix }]);
  expect(JSON.stringify(results)).not.toContain(jandi.token);
});

test('FAIL when the secret cannot be read: points at the secret check, posts nothing', async () => {
  mocks.secrets.on(GetSecretValueCommand, { SecretId: config.jandi.webhookSecretArn }).resolves({ SecretString: 'not a url' });
  expect(await post()).toEqual([
    {
      check: 'jandi post',
      status: 'FAIL',
      detail: 'the JANDI webhook secret is neither a URL nor JSON with a "webhookUrl" field',
      fix: "see the check 'secret jandi webhook'",
    },
  ]);
  expect(jandi.requests).toEqual([]);
});
