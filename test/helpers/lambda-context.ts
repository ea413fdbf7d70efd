/** A Lambda context for calling a handler the way the Lambda runtime does (the handlers are middy-wrapped). */
import type { Context } from 'aws-lambda';

let invocations = 0;

/** A context of function `functionName`; each call is a new invocation with its own request id. */
export function lambdaContext(functionName = 'test-function', overrides: Partial<Context> = {}): Context {
  invocations += 1;
  const deadline = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-northeast-2:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `00000000-0000-4000-8000-${String(invocations).padStart(12, '0')}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
