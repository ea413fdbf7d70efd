/**
 * The permission check: every request a role makes (recorded from the handlers' tests, or made by AWS on its
 * behalf) judged by a real IAM policy evaluator (@cloud-copilot/iam-simulate) over the role's policies and the
 * resource's policy as the synthesized template has them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { App } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import { HANDLERS, REPOSITORY_ROOT, type HandlerName } from '../../lib/lambda-functions/bundling';
import { PlatformFunction } from '../../lib/lambda-functions/platform-function';
import type { RecordedCall } from '../helpers/aws-call-recorder';
import { DeployedResources, contextFor, iamActionOf, resourcesNamed, type IamRequest } from './iam-requests';
import { requestsOnCallersBehalf, type RoleRequest } from './implied-requests';
import type { ResourceRef, TemplateModel } from './template-model';

export interface DeployedFunction {
  readonly name: string;
  readonly handler: HandlerName;
  readonly role: ResourceRef;
  /** Resolved environment variables. */
  readonly environment: Record<string, string>;
  /** Resolved properties of the custom resources it serves. */
  readonly customResources: readonly unknown[];
}

/**
 * The properties of the custom resources a function serves (directly, or through CDK's provider framework, whose
 * function names it in its environment): they configure the function as its environment does.
 */
function customResourceProperties(model: TemplateModel, stack: string, functionArn: string): unknown[] {
  const out: unknown[] = [];
  for (const r of model.allResources()) {
    if (r.stack !== stack || !r.resource.Type.startsWith('Custom::')) continue;
    const token = String(model.resolve(r.stack, r.resource.Properties?.ServiceToken));
    const provider = model.resourceNamed(token);
    const providerEnvironment = provider ? JSON.stringify(model.resolve(provider.stack, provider.resource.Properties?.Environment ?? {})) : '';
    if (token === functionArn || providerEnvironment.includes(functionArn)) out.push(model.resolve(r.stack, r.resource.Properties));
  }
  return out;
}

export function deployedFunctions(app: App, model: TemplateModel): DeployedFunction[] {
  return app.node
    .findAll()
    .filter((c): c is PlatformFunction => c instanceof PlatformFunction)
    .map((fn) => {
      const stack = Stack.of(fn);
      const logicalId = stack.getLogicalId(fn.node.defaultChild as never);
      const properties = model.resource({ stack: stack.stackName, logicalId }).Properties!;
      return {
        name: model.physicalName({ stack: stack.stackName, logicalId }),
        handler: fn.handlerName,
        role: { stack: stack.stackName, logicalId: stack.getLogicalId(fn.role!.node.defaultChild as never) },
        environment: model.resolve(stack.stackName, properties.Environment?.Variables ?? {}),
        customResources: customResourceProperties(model, stack.stackName, model.arnOf({ stack: stack.stackName, logicalId })),
      };
    });
}

export interface HandlerModules {
  /** Repository paths of the modules the bundle is built from. */
  readonly modules: Set<string>;
  /** Whether any of them imports an AWS SDK client. */
  readonly callsAws: boolean;
}

/** The repository modules each handler's bundle is built from (esbuild's metafile, our own code only). */
export function modulesOfHandlers(): Map<HandlerName, HandlerModules> {
  const out = new Map<HandlerName, HandlerModules>();
  for (const [handler, spec] of Object.entries(HANDLERS) as [HandlerName, { entry: string }][]) {
    const result = buildSync({
      entryPoints: [path.join(REPOSITORY_ROOT, spec.entry)],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = result.metafile!.inputs;
    out.set(handler, {
      modules: new Set(Object.keys(inputs).map((p) => path.relative(REPOSITORY_ROOT, path.resolve(REPOSITORY_ROOT, p)).split(path.sep).join('/'))),
      callsAws: Object.values(inputs).some((i) => i.imports.some((imp) => imp.external && imp.path.startsWith('@aws-sdk/client-'))),
    });
  }
  return out;
}

/**
 * The deployed handlers a recorded call belongs to: those whose bundle holds every module the call went through
 * (its chain) and that either went through the handler's entry module (a test invoking the handler) or entered
 * the chain at a module only that handler bundles (a test driving its engine directly). A call that entered at
 * shared code (a test seeding a table through an adapter) says nothing about which handler makes it; nor does a
 * call an operator's command line (`bin/`) made.
 */
export function handlersOfCall(call: RecordedCall, modules: Map<HandlerName, HandlerModules>, deployed: ReadonlySet<HandlerName>): HandlerName[] {
  if (call.chain.some((m) => m.startsWith('bin/'))) return [];
  const outermost = call.chain[call.chain.length - 1];
  const holders = [...deployed].filter((h) => modules.get(h)!.modules.has(outermost));
  return [...deployed].filter(
    (h) => call.chain.every((m) => modules.get(h)!.modules.has(m)) && (call.chain.includes(HANDLERS[h].entry) || (holders.length === 1 && holders[0] === h)),
  );
}

export function readRecordedCalls(dir: string): RecordedCall[] {
  const calls = new Map<string, RecordedCall>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const call = JSON.parse(line) as RecordedCall;
      calls.set(JSON.stringify([call.client, call.command, call.input, call.chain]), call);
    }
  }
  return [...calls.values()];
}

/** Every configured resource ARN in a function's environment: ARNs as given, names of template resources, warehouse clusters. */
const configured = new WeakMap<DeployedFunction, DeployedResources>();

export function configuredResources(model: TemplateModel, fn: DeployedFunction): DeployedResources {
  if (!configured.has(fn)) configured.set(fn, findConfiguredResources(model, [fn.environment, ...fn.customResources]));
  return configured.get(fn)!;
}

function findConfiguredResources(model: TemplateModel, configuration: unknown[]): DeployedResources {
  const arns = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      let parsed: unknown;
      if (/^[[{]/.test(value)) {
        try {
          parsed = JSON.parse(value);
        } catch {
          parsed = undefined;
        }
      }
      if (parsed !== undefined) {
        visit(parsed);
        return;
      }
      const resource = model.resourceNamed(value);
      if (resource) arns.add(model.arnOf(resource));
      else if (value.startsWith('arn:')) arns.add(value);
      if (key === 'clusterIdentifier') arns.add(`arn:aws:redshift:${model.region}:${model.account}:cluster:${value}`);
      if (key === 'workgroupName') arns.add(`arn:aws:redshift-serverless:${model.region}:${model.account}:workgroup/${value}`);
      // Athena workgroups and buckets are given by name.
      for (const r of model.allResources()) {
        if (
          ['AWS::Athena::WorkGroup', 'AWS::S3::Bucket', 'AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'].includes(r.resource.Type) &&
          model.physicalName(r) === value
        )
          arns.add(model.arnOf(r));
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(configuration);
  return new DeployedResources([...arns]);
}

/** The IAM requests one recorded call makes as a deployed function, with what services do on its behalf. */
export async function requestsOfCall(model: TemplateModel, fn: DeployedFunction, call: RecordedCall): Promise<Array<IamRequest & { why: string }>> {
  const action = await iamActionOf(call);
  const input = (call.input ?? {}) as Record<string, any>;
  const deployed = configuredResources(model, fn);
  const out: Array<IamRequest & { why: string }> = [];
  for (const tested of await resourcesNamed(action, input, model.region, model.account)) {
    for (const resource of deployed.translate(tested).map((arn) => withOwnKeyPrefix(arn, fn))) {
      const request = { action, resource, context: contextFor(resource, fn.environment.SCHEDULE_TAG_KEY) };
      const why = `${call.command} from ${call.module} (seen in ${call.testFile})`;
      out.push({ ...request, why });
      const translatedInput = input.SecretArn ? { ...input, SecretArn: deployed.translate(input.SecretArn)[0] } : input;
      out.push(...requestsOnCallersBehalf(model, request, translatedInput).map((r) => ({ ...r, why: `${r.why}; ${why}` })));
    }
  }
  return out;
}

/**
 * A sync function stages files under its source's name in the shared staging bucket; a test names its own
 * source, so an object key's first segment becomes the deployed function's.
 */
function withOwnKeyPrefix(arn: string, fn: DeployedFunction): string {
  const source = fn.environment.SYNC_SOURCE ? (JSON.parse(fn.environment.SYNC_SOURCE) as { name: string }).name : undefined;
  const object = /^(arn:aws:s3:::[^/]+)\/([^/]+)\/(.+)$/.exec(arn);
  return source && object && arn.includes(`:::${fn.environment.STAGING_BUCKET}/`) ? `${object[1]}/${source}/${object[3]}` : arn;
}

const SESSION_USER_ID = 'AROAEXAMPLEROLEID0001:function-session';

export interface Verdict {
  readonly allowed: boolean;
  readonly detail: string;
}

/**
 * Runs the IAM evaluator on one request of a role. `resourcePolicy` stands in for the policy of a resource the
 * template does not hold (a KMS key given by ARN in the configuration).
 */
export async function simulate(model: TemplateModel, role: ResourceRef, request: IamRequest, options: { resourcePolicy?: unknown } = {}): Promise<Verdict> {
  const roleArn = model.arnOf(role);
  const resourcePolicy =
    options.resourcePolicy ?? (request.resource === '*' ? undefined : model.resourcePolicyFor(request.resource.replace(/^(arn:aws:s3:::[^/]+)\/.*$/, '$1')));
  const result = await runSimulation(
    {
      identityPolicies: model.rolePolicies(role) as never,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicy as never,
      request: {
        action: request.action,
        principal: roleArn,
        resource: { accountId: model.account, resource: request.resource },
        contextVariables: {
          'aws:PrincipalArn': roleArn,
          'aws:PrincipalAccount': model.account,
          // The role session's id; the Data API records it as the owner of the statements the session runs.
          'aws:userid': SESSION_USER_ID,
          ...(request.action.startsWith('redshift-data:') ? { 'redshift-data:statement-owner-iam-userid': SESSION_USER_ID } : {}),
          ...request.context,
        },
      },
    },
    {},
  );
  if (result.resultType === 'error') return { allowed: false, detail: `simulation error: ${JSON.stringify(result.errors)}` };
  const overall = (result as { overallResult?: string }).overallResult;
  return { allowed: overall === 'Allowed', detail: String(overall) };
}

export function describeRequest(role: ResourceRef, request: IamRequest & { why?: string }, verdict: Verdict): string {
  return `${role.stack}/${role.logicalId}: ${request.action} on ${request.resource} → ${verdict.detail}${request.why ? ` (${request.why})` : ''}`;
}

export type { RoleRequest };
