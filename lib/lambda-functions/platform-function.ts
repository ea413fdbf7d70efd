import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
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
  }
}
