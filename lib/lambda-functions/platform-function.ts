import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { bundlingFor, entryPath, type HandlerName } from './bundling';

export interface PlatformFunctionProps {
  /** Which handler (see HANDLERS in ./bundling): its entry module and bundling. */
  readonly handler: HandlerName;
  /** Physical function name; also the log group's name. */
  readonly functionName: string;
  readonly description: string;
  /** Powertools service name, used in logs and as the metrics dimension. */
  readonly serviceName: string;
  /** CloudWatch namespace of the function's metrics. */
  readonly metricsNamespace: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Settings only; never secret values (those are read from Secrets Manager at run time). */
  readonly environment?: Record<string, string>;
  /** Further NodejsFunction properties (VPC, reserved concurrency, ...). */
  readonly overrides?: Omit<NodejsFunctionProps, 'entry' | 'functionName' | 'role' | 'logGroup' | 'environment'>;
}

/**
 * A NodejsFunction with the platform's defaults: current Node.js runtime on ARM, bundled by esbuild with
 * source maps, JSON logs into a log group with retention, and an execution role that may write only to
 * that log group (no managed policies); callers add least-privilege grants.
 */
export class PlatformFunction extends NodejsFunction {
  /** Which handler the function runs (the permission checks map recorded calls to functions by it). */
  readonly handlerName: HandlerName;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PlatformFunctionProps,
  ) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      ...props.overrides,
      entry: entryPath(props.handler),
      handler: 'handler',
      functionName: props.functionName,
      description: props.description,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      bundling: bundlingFor(props.handler),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        ...props.environment,
      },
    });
    logGroup.grantWrite(role);
    this.handlerName = props.handler;
    if (props.overrides?.vpc) this.allowNetworkInterfaces(role);
  }

  /**
   * Lambda creates and deletes the function's network interfaces in its VPC with the execution role, and checks
   * at CreateFunction that the role may (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html).
   * CDK adds AWSLambdaVPCAccessExecutionRole only to roles it creates; this role is ours, so it gets the same
   * actions here, on the function's own subnets and security groups where IAM allows naming them.
   */
  private allowNetworkInterfaces(role: Role): void {
    const { region, account } = Stack.of(this);
    const interfaces = `arn:aws:ec2:${region}:${account}:network-interface/*`;
    const subnets = this.props.overrides!.vpc!.selectSubnets(this.props.overrides!.vpcSubnets).subnetIds;
    role.addToPolicy(
      new PolicyStatement({
        sid: 'CreateNetworkInterfacesInOwnSubnets',
        actions: ['ec2:CreateNetworkInterface'],
        resources: [
          interfaces,
          ...subnets.map((id) => `arn:aws:ec2:${region}:${account}:subnet/${id}`),
          ...this.connections.securityGroups.map((sg) => `arn:aws:ec2:${region}:${account}:security-group/${sg.securityGroupId}`),
        ],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ManageOwnNetworkInterfaces',
        actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: [interfaces],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${interfaces}]`,
      reason: 'Lambda names the network interfaces it creates for the function; their ids are not known before.',
    });
    // DescribeNetworkInterfaces supports no resource-level permissions.
    role.addToPolicy(new PolicyStatement({ sid: 'DescribeNetworkInterfaces', actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }));
  }
}
