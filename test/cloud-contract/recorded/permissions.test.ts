/**
 * Every AWS call the handlers made in this run's tests (recorded by test/helpers/aws-call-recorder.ts), judged
 * against the role of every deployed function whose bundle contains the calling module. Runs after the rest of
 * the suite (scripts/test.sh, second jest pass), so a new call without a grant fails here.
 */
import { HANDLERS } from '../../../lib/lambda-functions/bundling';
import { CALL_LOG_ENV } from '../../helpers/aws-call-recorder';
import { examplePlatform } from '../../helpers/platform';
import { deployedFunctions, describeRequest, handlersOfCall, modulesOfHandlers, readRecordedCalls, requestsOfCall, simulate } from '../permissions';
import { siblingOf } from '../iam-requests';
import { TemplateModel } from '../template-model';

const dir = process.env[CALL_LOG_ENV];
if (!dir) throw new Error(`${CALL_LOG_ENV} is not set: run the whole suite with bash scripts/test.sh, which records the calls this test checks`);

const { app, config } = examplePlatform();
const model = TemplateModel.fromApp(app, config.region, config.account);
const functions = deployedFunctions(app, model);
const modules = modulesOfHandlers();
const calls = readRecordedCalls(dir);

const deployedHandlers = new Set(functions.map((fn) => fn.handler));
const owners = new Map(calls.map((call) => [call, handlersOfCall(call, modules, deployedHandlers)]));

test('the suite recorded calls of every deployed handler that imports an AWS SDK client', () => {
  const expected = (Object.keys(HANDLERS) as Array<keyof typeof HANDLERS>).filter((h) => modules.get(h)!.callsAws && functions.some((fn) => fn.handler === h));
  expect(expected.length).toBeGreaterThan(0);
  const recorded = expected.filter((h) => calls.some((c) => owners.get(c)!.includes(h)));
  expect(recorded).toEqual(expected);
});

test('every kind of call is seen at least once through the code of the handler that makes it', () => {
  const kind = (c: (typeof calls)[number]) => `${c.client}.${c.command} from ${c.module}`;
  const attributed = new Set(calls.filter((c) => owners.get(c)!.length > 0).map(kind));
  const inSomeFunction = (c: (typeof calls)[number]) =>
    !c.chain.some((m) => m.startsWith('bin/')) && [...deployedHandlers].some((h) => modules.get(h)!.modules.has(c.module));
  const onlyThroughSharedCode = [...new Set(calls.filter(inSomeFunction).map(kind))].filter((k) => !attributed.has(k));
  // A call seen only in tests that drive shared modules directly cannot be checked against any role.
  expect(onlyThroughSharedCode).toEqual([]);
});

test('every recorded call is allowed by the role of each deployed function that bundles its module', async () => {
  // Many recorded calls ask IAM the same question (a simulated day scans the same tables a thousand times).
  const questions = new Map<string, { fn: (typeof functions)[number]; request: Awaited<ReturnType<typeof requestsOfCall>>[number] }>();
  for (const fn of functions) {
    for (const call of calls.filter((c) => owners.get(c)!.includes(fn.handler))) {
      for (const request of await requestsOfCall(model, fn, call)) {
        const key = JSON.stringify([fn.role, request.action, request.resource, request.context]);
        if (!questions.has(key)) questions.set(key, { fn, request });
      }
    }
  }
  expect(questions.size).toBeGreaterThan(0);
  const denied: string[] = [];
  for (const { fn, request } of questions.values()) {
    const verdict = await simulate(model, fn.role, request);
    if (!verdict.allowed) denied.push(`${fn.name}: ${describeRequest(fn.role, request, verdict)}`);
  }
  expect(denied).toEqual([]);

  // The negative of each: the same call on a sibling resource, and on an instance without the schedule tag, is denied.
  const widened: string[] = [];
  for (const { fn, request } of questions.values()) {
    const sibling = siblingOf(request.resource);
    if (!sibling) continue;
    const negative = { ...request, resource: sibling, context: { 'aws:SecureTransport': 'true' } };
    const verdict = await simulate(model, fn.role, negative);
    if (verdict.allowed) widened.push(`${fn.name}: ${describeRequest(fn.role, negative, verdict)}`);
  }
  expect([...new Set(widened)]).toEqual([]);
}, 300_000);
