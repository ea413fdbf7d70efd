/**
 * Resolves the CloudFormation intrinsics a synthesized template leaves in property values (Fn::Join, Ref,
 * Fn::GetAtt, Fn::Select, Fn::Split, Fn::Sub without a map) to plausible deploy-time values, so that what a
 * service reads (a COPY command, a state machine definition) can be checked as text.
 */
export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export interface ResolveContext {
  readonly resources: Resources;
  readonly region: string;
  readonly account: string;
}

const PSEUDO: Record<string, (c: ResolveContext) => string> = {
  'AWS::Region': (c) => c.region,
  'AWS::AccountId': (c) => c.account,
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': () => 'example-stack',
};

/** What Ref returns for a resource of this type, made up from its logical id. */
function refValue(id: string, c: ResolveContext): string {
  const resource = c.resources[id];
  if (!resource) throw new Error(`Ref to ${id}, which is not in the template`);
  const name = id.toLowerCase().slice(0, 50);
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return `${name}-bucket`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${c.region}:${c.account}:${id}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${c.region}.amazonaws.com/${c.account}/${id}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${c.region}:${c.account}:stateMachine:${id}`;
    case 'AWS::Lambda::Function':
    case 'AWS::IAM::Role':
    case 'AWS::Logs::LogGroup':
    case 'AWS::DynamoDB::Table':
    default:
      return id;
  }
}

/** What Fn::GetAtt returns: ARNs shaped as the service shapes them. */
function attValue(id: string, attribute: string, c: ResolveContext): string {
  const resource = c.resources[id];
  if (!resource) throw new Error(`Fn::GetAtt of ${id}, which is not in the template`);
  if (attribute !== 'Arn') return `${id}.${attribute}`;
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${c.region}:${c.account}:function:${id}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${c.account}:role/${id}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${refValue(id, c)}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${c.region}:${c.account}:${id}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${c.region}:${c.account}:table/${id}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${c.region}:${c.account}:log-group:${id}:*`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${c.region}:${c.account}:stateMachine:${id}`;
    default:
      return `arn:aws:${resource.Type.split('::')[1].toLowerCase()}:${c.region}:${c.account}:${id}`;
  }
}

export function resolveIntrinsics(value: unknown, c: ResolveContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, c));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    const args = arg as unknown[];
    switch (key) {
      case 'Ref':
        return PSEUDO[arg as string]?.(c) ?? refValue(arg as string, c);
      case 'Fn::GetAtt':
        return attValue(String(args[0]), String(args[1]), c);
      case 'Fn::Join':
        return (resolveIntrinsics(args[1], c) as unknown[]).map(String).join(String(args[0]));
      case 'Fn::Select':
        return (resolveIntrinsics(args[1], c) as unknown[])[Number(resolveIntrinsics(args[0], c))];
      case 'Fn::Split':
        return String(resolveIntrinsics(args[1], c)).split(String(args[0]));
      case 'Fn::Sub':
        if (typeof arg !== 'string') throw new Error('Fn::Sub with a variable map is not resolved here');
        return arg.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const [id, attribute] = name.split('.');
          return String(attribute ? attValue(id, attribute, c) : (PSEUDO[id]?.(c) ?? refValue(id, c)));
        });
      default:
        if (key.startsWith('Fn::')) throw new Error(`${key} is not resolved here`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, c)]));
}

/** The value as a string, intrinsics resolved. */
export function resolvedString(value: unknown, c: ResolveContext): string {
  const resolved = resolveIntrinsics(value, c);
  if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
  return resolved;
}
