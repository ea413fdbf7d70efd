import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Where S3 server access logs go; create one AccessLogsBucket per stack and pass it to every SecureBucket. */
  readonly accessLogs: IBucket;
  /** Prefix of this bucket's logs in the access-log bucket. */
  readonly accessLogsPrefix: string;
  /** Customer managed key; S3-managed keys (SSE-S3) are used otherwise. @default SSE-S3 */
  readonly encryptionKey?: IKey;
  /** Rules for what the bucket holds; unfinished multipart uploads are always aborted after 7 days. @default none */
  readonly lifecycleRules?: readonly LifecycleRule[];
  /** @default false */
  readonly versioned?: boolean;
  /** @default RemovalPolicy.RETAIN: data buckets outlive a stack deletion. */
  readonly removalPolicy?: RemovalPolicy;
}

/** An S3 bucket with the platform's defaults: encrypted, TLS only, no public access, owner-enforced ACLs, logged. */
export class SecureBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: props.encryptionKey ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey !== undefined,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned ?? false,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }, ...(props.lifecycleRules ?? [])],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

export interface AccessLogsBucketProps {
  /** How long access logs are kept. @default Duration.days(365) */
  readonly retention?: Duration;
}

/** The bucket S3 server access logs are written to (SSE-S3: the log delivery service cannot use KMS keys). */
export class AccessLogsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: props.retention ?? Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the other buckets; logging it into itself would loop.',
    });
  }
}
