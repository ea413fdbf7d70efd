/**
 * The synthesized app as the permission checks read it: every stack's resources, CloudFormation intrinsics resolved
 * to the physical names and ARNs the resources would get (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::ImportValue`,
 * pseudo parameters), each role with the policies attached to it, and the resource policies of buckets, topics,
 * queues and keys.
 */
import type { App } from 'aws-cdk-lib';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: Array<Record<string, unknown>>;
}

/** A CloudFormation type's physical name property, how `Ref` answers and the ARN `Fn::GetAtt …Arn` gives. */
interface TypeRule {
  readonly nameProperty?: string;
  readonly ref: 'name' | 'arn' | 'url';
  readonly arn: (name: string, region: string, account: string) => string;
}

const TYPES: Record<string, TypeRule> = {
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', ref: 'name', arn: (n, r, a) => `arn:aws:dynamodb:${r}:${a}:table/${n}` },
  'AWS::DynamoDB::GlobalTable': { nameProperty: 'TableName', ref: 'name', arn: (n, r, a) => `arn:aws:dynamodb:${r}:${a}:table/${n}` },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', ref: 'arn', arn: (n, r, a) => `arn:aws:sns:${r}:${a}:${n}` },
  'AWS::SQS::Queue': { nameProperty: 'QueueName', ref: 'url', arn: (n, r, a) => `arn:aws:sqs:${r}:${a}:${n}` },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', ref: 'name', arn: (n) => `arn:aws:s3:::${n}` },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: 'name', arn: (n, r, a) => `arn:aws:lambda:${r}:${a}:function:${n}` },
  'AWS::StepFunctions::StateMachine': { nameProperty: 'StateMachineName', ref: 'arn', arn: (n, r, a) => `arn:aws:states:${r}:${a}:stateMachine:${n}` },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: 'name', arn: (n, _r, a) => `arn:aws:iam::${a}:role/${n}` },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', ref: 'arn', arn: (n, _r, a) => `arn:aws:iam::${a}:policy/${n}` },
  'AWS::KMS::Key': { ref: 'name', arn: (n, r, a) => `arn:aws:kms:${r}:${a}:key/${n}` },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: 'name', arn: (n, r, a) => `arn:aws:logs:${r}:${a}:log-group:${n}:*` },
  'AWS::Logs::LogStream': { nameProperty: 'LogStreamName', ref: 'name', arn: (n) => n },
  'AWS::Athena::WorkGroup': { nameProperty: 'Name', ref: 'name', arn: (n, r, a) => `arn:aws:athena:${r}:${a}:workgroup/${n}` },
  'AWS::KinesisFirehose::DeliveryStream': {
    nameProperty: 'DeliveryStreamName',
    ref: 'name',
    arn: (n, r, a) => `arn:aws:firehose:${r}:${a}:deliverystream/${n}`,
  },
  'AWS::Scheduler::Schedule': { nameProperty: 'Name', ref: 'name', arn: (n, r, a) => `arn:aws:scheduler:${r}:${a}:schedule/default/${n}` },
  'AWS::Events::Rule': { nameProperty: 'Name', ref: 'name', arn: (n, r, a) => `arn:aws:events:${r}:${a}:rule/${n}` },
};

/**
 * AWS managed policies CDK attaches by itself, as AWS publishes them
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html and
 * …/AWSLambdaVPCAccessExecutionRole.html). Any other managed policy fails the check until it is added here.
 */
const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: '*',
      },
    ],
  },
};

export class TemplateModel {
  readonly stacks = new Map<string, { resources: Record<string, CfnResource>; outputs: Record<string, any> }>();
  private readonly exports = new Map<string, { stack: string; value: unknown }>();

  constructor(
    templates: Record<string, { Resources: Record<string, CfnResource>; Outputs?: Record<string, any> }>,
    readonly region: string,
    readonly account: string,
  ) {
    for (const [stack, template] of Object.entries(templates)) {
      this.stacks.set(stack, { resources: template.Resources, outputs: template.Outputs ?? {} });
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export?.Name) this.exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  static fromApp(app: App, region: string, account: string): TemplateModel {
    const assembly = app.synth();
    return new TemplateModel(Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template])), region, account);
  }

  /** The model of stacks already synthesized, by stack name (test/helpers/platform.ts's synthesizedStacks). */
  static fromStacks(
    stacks: Record<string, { template: { Resources: Record<string, CfnResource>; Outputs?: Record<string, any> } }>,
    region: string,
    account: string,
  ) {
    return new TemplateModel(Object.fromEntries(Object.entries(stacks).map(([name, stack]) => [name, stack.template])), region, account);
  }

  resource(ref: ResourceRef): CfnResource {
    const found = this.stacks.get(ref.stack)?.resources[ref.logicalId];
    if (!found) throw new Error(`no resource ${ref.logicalId} in stack ${ref.stack}`);
    return found;
  }

  *allResources(): Generator<ResourceRef & { resource: CfnResource }> {
    for (const [stack, { resources }] of this.stacks) {
      for (const [logicalId, resource] of Object.entries(resources)) yield { stack, logicalId, resource };
    }
  }

  /** The physical name a resource gets: its name property when set, otherwise one derived from its logical id. */
  physicalName(ref: ResourceRef): string {
    const resource = this.resource(ref);
    const rule = TYPES[resource.Type];
    const given = rule?.nameProperty ? resource.Properties?.[rule.nameProperty] : undefined;
    if (given !== undefined) return String(this.resolve(ref.stack, given));
    if (resource.Type === 'AWS::KMS::Key') return `${ref.logicalId.toLowerCase()}-0000-0000-0000-000000000000`.slice(0, 36);
    return `${ref.stack}-${ref.logicalId}`.toLowerCase();
  }

  arnOf(ref: ResourceRef): string {
    const type = this.resource(ref).Type;
    const rule = TYPES[type];
    if (!rule) throw new Error(`the permission model does not know the ARN of ${type} (${ref.logicalId})`);
    return rule.arn(this.physicalName(ref), this.region, this.account);
  }

  refOf(ref: ResourceRef): string {
    const type = this.resource(ref).Type;
    const rule = TYPES[type];
    if (!rule) throw new Error(`the permission model does not know what Ref gives for ${type} (${ref.logicalId})`);
    const name = this.physicalName(ref);
    if (rule.ref === 'arn') return rule.arn(name, this.region, this.account);
    if (rule.ref === 'url') return `https://sqs.${this.region}.amazonaws.com/${this.account}/${name}`;
    return name;
  }

  /** Which resource a resolved value names, when it is one of the template's (by ARN, Ref value or name). */
  resourceNamed(value: string): (ResourceRef & { resource: CfnResource }) | undefined {
    for (const r of this.allResources()) {
      if (!TYPES[r.resource.Type]) continue;
      if (value === this.arnOf(r) || value === this.refOf(r)) return r;
    }
    return undefined;
  }

  /** Resolves intrinsics to plain values as CloudFormation would for the names chosen above. */
  resolve(stack: string, value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0] as [string, any];
      switch (key) {
        case 'Ref':
          return this.pseudo(arg) ?? this.refOf({ stack, logicalId: arg });
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.attribute({ stack, logicalId }, attribute);
        }
        case 'Fn::Join':
          return (this.resolve(stack, arg[1]) as unknown[]).join(arg[0]);
        case 'Fn::Select':
          return (this.resolve(stack, arg[1]) as unknown[])[Number(this.resolve(stack, arg[0]))];
        case 'Fn::Split':
          return String(this.resolve(stack, arg[1])).split(arg[0]);
        case 'Fn::ImportValue': {
          const exported = this.exports.get(String(this.resolve(stack, arg)));
          if (!exported) throw new Error(`no export named ${JSON.stringify(arg)}`);
          return this.resolve(exported.stack, exported.value);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
          return String(text).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (vars[name] !== undefined) return String(this.resolve(stack, vars[name]));
            const [logicalId, attribute] = name.split('.');
            return String(attribute ? this.attribute({ stack, logicalId }, attribute) : (this.pseudo(name) ?? this.refOf({ stack, logicalId })));
          });
        }
        default:
          if (key.startsWith('Fn::')) throw new Error(`the permission model cannot resolve ${key}`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stack, v)]));
  }

  private pseudo(name: string): string | undefined {
    return (
      {
        'AWS::Partition': 'aws',
        'AWS::Region': this.region,
        'AWS::AccountId': this.account,
        'AWS::URLSuffix': 'amazonaws.com',
        'AWS::StackName': 'stack',
      } as Record<string, string>
    )[name];
  }

  private attribute(ref: ResourceRef, attribute: string): string {
    if (attribute === 'Arn' || attribute.endsWith('Arn')) return this.arnOf(ref);
    if (['Name', 'TopicName', 'QueueName', 'TableName'].includes(attribute)) return this.physicalName(ref);
    if (attribute === 'QueueUrl') return this.refOf(ref);
    if (attribute === 'KeyId') return this.physicalName(ref);
    throw new Error(`the permission model cannot resolve ${ref.logicalId}.${attribute}`);
  }

  /** Identity policies of a role: its inline policies, and AWS::IAM::Policy / ManagedPolicy resources naming it. */
  rolePolicies(role: ResourceRef): Array<{ name: string; policy: PolicyDocument }> {
    const roleResource = this.resource(role);
    if (roleResource.Type !== 'AWS::IAM::Role') throw new Error(`${role.logicalId} is not a role`);
    const managed = (this.resolve(role.stack, roleResource.Properties?.ManagedPolicyArns ?? []) as string[]).filter(
      (arn) => !this.managedPolicyInTemplate(arn),
    );
    const unknown = managed.filter((arn) => !AWS_MANAGED_POLICIES[arn]);
    if (unknown.length > 0) throw new Error(`role ${role.logicalId} has AWS managed policies the model cannot read: ${unknown.join(', ')}`);
    const policies: Array<{ name: string; policy: PolicyDocument }> = [
      ...managed.map((arn) => ({ name: arn.split('/').pop()!, policy: AWS_MANAGED_POLICIES[arn] })),
      ...(roleResource.Properties?.Policies ?? []).map((p: any) => ({ name: p.PolicyName, policy: this.resolve(role.stack, p.PolicyDocument) })),
    ];
    const roleName = this.refOf(role);
    for (const r of this.allResources()) {
      if (r.resource.Type !== 'AWS::IAM::Policy' && r.resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const roles = (this.resolve(r.stack, r.resource.Properties?.Roles ?? []) as string[]) ?? [];
      const attachedByRole =
        r.resource.Type === 'AWS::IAM::ManagedPolicy' && this.resolve(role.stack, roleResource.Properties?.ManagedPolicyArns ?? []).includes(this.refOf(r));
      if (r.stack === role.stack && (roles.includes(roleName) || attachedByRole)) {
        policies.push({ name: r.logicalId, policy: this.resolve(r.stack, r.resource.Properties!.PolicyDocument) });
      }
    }
    return policies;
  }

  private managedPolicyInTemplate(arn: string): boolean {
    return [...this.allResources()].some((r) => r.resource.Type === 'AWS::IAM::ManagedPolicy' && this.refOf(r) === arn);
  }

  /** The resource policy AWS evaluates with a request on this ARN: bucket, topic, queue or key policy. */
  resourcePolicyFor(arn: string): PolicyDocument | undefined {
    const bucket = /^arn:aws:s3:::([^/]+)/.exec(arn)?.[1];
    for (const r of this.allResources()) {
      const p = r.resource.Properties ?? {};
      if (r.resource.Type === 'AWS::S3::BucketPolicy' && bucket !== undefined && this.resolve(r.stack, p.Bucket) === bucket)
        return this.resolve(r.stack, p.PolicyDocument);
      if (r.resource.Type === 'AWS::SNS::TopicPolicy' && (this.resolve(r.stack, p.Topics) as string[]).includes(arn))
        return this.resolve(r.stack, p.PolicyDocument);
      if (r.resource.Type === 'AWS::SQS::QueuePolicy') {
        const urls = this.resolve(r.stack, p.Queues) as string[];
        const queue = this.resourceNamed(urls[0]);
        if (queue && this.arnOf(queue) === arn) return this.resolve(r.stack, p.PolicyDocument);
      }
      if (r.resource.Type === 'AWS::KMS::Key' && this.arnOf(r) === arn) return this.resolve(r.stack, p.KeyPolicy);
    }
    return undefined;
  }
}
