import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccessLogsBucket, SecureBucket } from '../../lib/storage/secure-bucket';
import { appWithProjectContext } from '../helpers/platform';

const stack = new Stack(appWithProjectContext(), 'Buckets', { env: { account: '123456789012', region: 'ap-northeast-2' } });
const logs = new AccessLogsBucket(stack, 'AccessLogs');
const plain = new SecureBucket(stack, 'Staging', {
  accessLogs: logs.bucket,
  accessLogsPrefix: 'staging/',
  lifecycleRules: [{ id: 'expire-parts', expiration: Duration.days(3) }],
});
new SecureBucket(stack, 'Encrypted', {
  accessLogs: logs.bucket,
  accessLogsPrefix: 'encrypted/',
  encryptionKey: new Key(stack, 'Key', { enableKeyRotation: true }),
});
const template = Template.fromStack(stack);
const stagingId = stack.getLogicalId(plain.bucket.node.defaultChild as never);

test('every bucket blocks public access, owns its objects and is encrypted', () => {
  template.resourceCountIs('AWS::S3::Bucket', 3);
  template.allResourcesProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.anyValue() })] },
  });
  template.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } },
      ],
    },
  });
});

test('every bucket refuses plain HTTP and TLS below 1.2', () => {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
  expect(policies).toHaveLength(3);
  for (const policy of policies) {
    const denies = policy.Properties.PolicyDocument.Statement.filter((s: { Effect: string }) => s.Effect === 'Deny');
    expect(denies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  }
});

test('data buckets log to the access-log bucket, are retained, and abort stale uploads', () => {
  template.hasResource('AWS::S3::Bucket', {
    Properties: {
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'staging/' },
      LifecycleConfiguration: {
        Rules: [
          { Id: 'abort-incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
          { Id: 'expire-parts', ExpirationInDays: 3, Status: 'Enabled' },
        ],
      },
    },
    DeletionPolicy: 'Retain',
  });
  expect(template.toJSON().Resources[stagingId]).toBeDefined();
});

test('cdk-nag finds nothing unacknowledged', () => {
  expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
});
