/**
 * What AWS does with a role on our behalf, read from the template rather than from recorded calls: Lambda writing
 * logs and managing network interfaces in a VPC, Lambda polling an SQS event source, Step Functions invoking
 * functions, EventBridge Scheduler starting its targets, Firehose writing to S3, reading its secret and logging,
 * and the KMS and Secrets Manager calls a service makes with the caller's credentials.
 */
import type { IamRequest } from './iam-requests';
import type { ResourceRef, TemplateModel } from './template-model';

export interface RoleRequest extends IamRequest {
  /** The role whose policies must allow the request. */
  readonly role: ResourceRef;
  /** Why AWS makes this request, for the failure message. */
  readonly why: string;
}

const TLS = { 'aws:SecureTransport': 'true' };

/** The role resource an ARN (resolved `Fn::GetAtt Role.Arn`) names. */
export function roleByArn(model: TemplateModel, arn: string): ResourceRef {
  const found = model.resourceNamed(arn);
  if (found?.resource.Type !== 'AWS::IAM::Role') throw new Error(`${arn} is not a role of the template`);
  return { stack: found.stack, logicalId: found.logicalId };
}

/** The customer managed key encrypting a topic, queue or bucket of the template, if any. */
export function encryptionKeyOf(model: TemplateModel, resourceArn: string): string | undefined {
  const bucketName = /^arn:aws:s3:::([^/]+)/.exec(resourceArn)?.[1];
  const owner = model.resourceNamed(bucketName !== undefined ? `arn:aws:s3:::${bucketName}` : resourceArn);
  if (!owner) return undefined;
  const p = owner.resource.Properties ?? {};
  const key =
    p.KmsMasterKeyId ??
    p.BucketEncryption?.ServerSideEncryptionConfiguration?.find((c: any) => c.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms')
      ?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
  if (key === undefined) return undefined;
  const resolved = String(model.resolve(owner.stack, key));
  if (resolved.startsWith('alias/aws/')) return undefined;
  const keyResource =
    model.resourceNamed(resolved) ?? [...model.allResources()].find((r) => r.resource.Type === 'AWS::KMS::Key' && model.physicalName(r) === resolved);
  return keyResource ? model.arnOf(keyResource) : resolved;
}

/** KMS and Secrets Manager requests a service makes with the caller's credentials for one request of the caller. */
export function requestsOnCallersBehalf(model: TemplateModel, request: IamRequest, input: Record<string, any> = {}): Array<IamRequest & { why: string }> {
  const out: Array<IamRequest & { why: string }> = [];
  const kms = (actions: string[], why: string) => {
    const key = encryptionKeyOf(model, request.resource);
    for (const action of key ? actions : []) out.push({ action, resource: key!, context: TLS, why });
  };
  if (request.action === 'sns:Publish') kms(['kms:GenerateDataKey', 'kms:Decrypt'], `publishing to ${request.resource}, encrypted with a customer managed key`);
  if (request.action === 'sqs:SendMessage')
    kms(['kms:GenerateDataKey', 'kms:Decrypt'], `sending to ${request.resource}, encrypted with a customer managed key`);
  if (request.action === 's3:PutObject') kms(['kms:GenerateDataKey'], `writing to ${request.resource}, encrypted with a customer managed key`);
  if (request.action === 's3:GetObject') kms(['kms:Decrypt'], `reading ${request.resource}, encrypted with a customer managed key`);
  // https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html: the Data API reads the secret with the caller's permissions.
  if (request.action.startsWith('redshift-data:') && typeof input.SecretArn === 'string') {
    out.push({ action: 'secretsmanager:GetSecretValue', resource: input.SecretArn, context: TLS, why: `the Data API reads ${input.SecretArn} as the caller` });
  }
  return out;
}

function functionRequests(model: TemplateModel, stack: string, logicalId: string, p: Record<string, any>): RoleRequest[] {
  const { region, account } = model;
  const role = roleByArn(model, model.resolve(stack, p.Role));
  const name = model.physicalName({ stack, logicalId });
  const out: RoleRequest[] = [];
  const logGroup = p.LoggingConfig?.LogGroup ? model.resolve(stack, p.LoggingConfig.LogGroup) : `/aws/lambda/${name}`;
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    out.push({
      role,
      action,
      resource: `arn:aws:logs:${region}:${account}:log-group:${logGroup}:log-stream:2026/11/30/[$LATEST]0123`,
      context: TLS,
      why: `Lambda writing ${name}'s logs`,
    });
  }
  if (p.VpcConfig) {
    const why = `Lambda placing ${name} in its VPC (CreateFunction fails without it)`;
    const subnets = (model.resolve(stack, p.VpcConfig.SubnetIds) as string[]).map((s) => `arn:aws:ec2:${region}:${account}:subnet/${s}`);
    const groups = (model.resolve(stack, p.VpcConfig.SecurityGroupIds) as string[]).map((g) => `arn:aws:ec2:${region}:${account}:security-group/${g}`);
    const eni = `arn:aws:ec2:${region}:${account}:network-interface/eni-0123456789abcdef0`;
    for (const resource of [eni, ...subnets, ...groups]) out.push({ role, action: 'ec2:CreateNetworkInterface', resource, context: TLS, why });
    out.push({ role, action: 'ec2:DescribeNetworkInterfaces', resource: '*', context: TLS, why });
    for (const action of ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'])
      out.push({ role, action, resource: eni, context: TLS, why });
    // Lambda's check at CreateFunction asks for CreateNetworkInterface on any interface of the account.
    out.push({ role, action: 'ec2:CreateNetworkInterface', resource: `arn:aws:ec2:${region}:${account}:network-interface/*`, context: TLS, why });
  }
  return out;
}

function eventSourceRequests(model: TemplateModel, stack: string, p: Record<string, any>): RoleRequest[] {
  const source = String(model.resolve(stack, p.EventSourceArn));
  if (!source.startsWith('arn:aws:sqs:')) return [];
  const fn = model.resourceNamed(`arn:aws:lambda:${model.region}:${model.account}:function:${model.resolve(stack, p.FunctionName)}`);
  if (!fn) throw new Error(`event source mapping of an unknown function ${JSON.stringify(p.FunctionName)}`);
  const role = roleByArn(model, model.resolve(fn.stack, fn.resource.Properties!.Role));
  const why = `Lambda polling ${source} for ${model.physicalName(fn)}`;
  const out: RoleRequest[] = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'].map((action) => ({
    role,
    action,
    resource: source,
    context: TLS,
    why,
  }));
  const key = encryptionKeyOf(model, source);
  if (key) out.push({ role, action: 'kms:Decrypt', resource: key, context: TLS, why: `${why} (messages encrypted with a customer managed key)` });
  return out;
}

/** Every function ARN a state machine definition names. */
function functionsInDefinition(definition: unknown, found = new Set<string>()): Set<string> {
  if (typeof definition === 'string' && definition.startsWith('arn:aws:lambda:')) found.add(definition.replace(/:(\$LATEST|\d+)$/, ''));
  else if (definition && typeof definition === 'object') for (const v of Object.values(definition)) functionsInDefinition(v, found);
  return found;
}

function stateMachineRequests(model: TemplateModel, stack: string, p: Record<string, any>): RoleRequest[] {
  const role = roleByArn(model, model.resolve(stack, p.RoleArn));
  const definition = JSON.parse(String(model.resolve(stack, p.DefinitionString)));
  const out: RoleRequest[] = [...functionsInDefinition(definition)].map((fn) => ({
    role,
    action: 'lambda:InvokeFunction',
    resource: fn,
    context: TLS,
    why: `Step Functions invoking ${fn}`,
  }));
  if (p.LoggingConfiguration) {
    for (const action of [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]) {
      out.push({ role, action, resource: '*', context: TLS, why: 'Step Functions delivering execution logs' });
    }
  }
  if (p.TracingConfiguration?.Enabled) out.push({ role, action: 'xray:PutTraceSegments', resource: '*', context: TLS, why: 'Step Functions tracing' });
  return out;
}

function scheduleRequests(model: TemplateModel, stack: string, p: Record<string, any>): RoleRequest[] {
  const target = model.resolve(stack, p.Target);
  const role = roleByArn(model, target.RoleArn);
  const arn = String(target.Arn);
  const why = `EventBridge Scheduler starting ${arn} (${model.resolve(stack, p.Name)})`;
  const action = arn.startsWith('arn:aws:lambda:')
    ? 'lambda:InvokeFunction'
    : arn.startsWith('arn:aws:states:')
      ? 'states:StartExecution'
      : arn.startsWith('arn:aws:sqs:')
        ? 'sqs:SendMessage'
        : undefined;
  if (!action) throw new Error(`no permission rule for a schedule target ${arn}`);
  return [{ role, action, resource: arn, context: TLS, why }];
}

function firehoseRequests(model: TemplateModel, stack: string, p: Record<string, any>): RoleRequest[] {
  const out: RoleRequest[] = [];
  const destination = model.resolve(stack, p.RedshiftDestinationConfiguration ?? p.ExtendedS3DestinationConfiguration ?? p.S3DestinationConfiguration);
  if (!destination) return out;
  const name = model.resolve(stack, p.DeliveryStreamName);
  const s3Configs = [destination.S3Configuration, destination.S3BackupConfiguration, destination.BucketARN ? destination : undefined].filter(Boolean);
  for (const s3 of s3Configs) {
    const role = roleByArn(model, s3.RoleARN ?? destination.RoleARN);
    const why = `Firehose ${name} writing to ${s3.BucketARN}`;
    for (const action of ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'])
      out.push({ role, action, resource: `${s3.BucketARN}/${s3.Prefix ?? ''}2026/11/30/part`, context: TLS, why });
    for (const action of ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'])
      out.push({ role, action, resource: s3.BucketARN, context: TLS, why });
    const key = encryptionKeyOf(model, s3.BucketARN);
    if (key) for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) out.push({ role, action, resource: key, context: TLS, why: `${why} (bucket key)` });
  }
  const role = roleByArn(model, destination.RoleARN);
  const secret = destination.SecretsManagerConfiguration;
  if (secret?.Enabled)
    out.push({ role, action: 'secretsmanager:GetSecretValue', resource: secret.SecretARN, context: TLS, why: `Firehose ${name} reading the warehouse secret` });
  const logging = destination.CloudWatchLoggingOptions;
  if (logging?.Enabled) {
    out.push({
      role,
      action: 'logs:PutLogEvents',
      resource: `arn:aws:logs:${model.region}:${model.account}:log-group:${logging.LogGroupName}:log-stream:${logging.LogStreamName}`,
      context: TLS,
      why: `Firehose ${name} logging delivery errors`,
    });
  }
  return out;
}

/** Every request AWS makes on a role's behalf, derived from the template's functions, mappings, machines, schedules and streams. */
export function impliedRequests(model: TemplateModel): RoleRequest[] {
  const out: RoleRequest[] = [];
  for (const { stack, logicalId, resource } of model.allResources()) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Function') out.push(...functionRequests(model, stack, logicalId, p));
    if (resource.Type === 'AWS::Lambda::EventSourceMapping') out.push(...eventSourceRequests(model, stack, p));
    if (resource.Type === 'AWS::StepFunctions::StateMachine') out.push(...stateMachineRequests(model, stack, p));
    if (resource.Type === 'AWS::Scheduler::Schedule') out.push(...scheduleRequests(model, stack, p));
    if (resource.Type === 'AWS::KinesisFirehose::DeliveryStream') out.push(...firehoseRequests(model, stack, p));
  }
  return out;
}
