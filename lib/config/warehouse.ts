/** What the handlers and IAM need to know of the configured warehouse, written once. */
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { RedshiftConnection } from '../../lambda/warehouse/data-api';
import type { WarehouseConfig } from './schema';

/** Database, secret, and the cluster or the workgroup: what every Data API call names. */
export function redshiftConnection(warehouse: WarehouseConfig): RedshiftConnection {
  return {
    database: warehouse.database,
    secretArn: warehouse.secretArn,
    ...(warehouse.type === 'provisioned' ? { clusterIdentifier: warehouse.clusterIdentifier } : { workgroupName: warehouse.workgroupName }),
  };
}

/**
 * The resource of redshift-data:ExecuteStatement and BatchExecuteStatement: the cluster, or (Serverless) any
 * workgroup of the account and region, because a workgroup's ARN ends in a generated id, not its name.
 */
export function dataApiResourceArn(warehouse: WarehouseConfig, region: string, account: string): string {
  return warehouse.type === 'provisioned'
    ? `arn:aws:redshift:${region}:${account}:cluster:${warehouse.clusterIdentifier}`
    : `arn:aws:redshift-serverless:${region}:${account}:workgroup/*`;
}

/**
 * Lets `grantee` run statements on the warehouse through the Data API (with `batch`, also BatchExecuteStatement),
 * read their status and results, and cancel its own. DescribeStatement and GetStatementResult act on statement ids and support
 * no resource-level permissions; the Data API only lets a caller see its own statements.
 */
export function grantDataApi(grantee: IGrantable, warehouse: WarehouseConfig, region: string, account: string, options: { readonly batch: boolean }): void {
  const run = ['redshift-data:ExecuteStatement', ...(options.batch ? ['redshift-data:BatchExecuteStatement'] : [])];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'RunStatements', actions: run, resources: [dataApiResourceArn(warehouse, region, account)] }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'ReadStatementResults', actions: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult'], resources: ['*'] }),
  );
  // A statement still running when its caller gives up waiting is cancelled (lambda/warehouse/data-api.ts).
  // CancelStatement has no resource type; the condition limits it to the caller's own statements.
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'CancelOwnStatements',
      actions: ['redshift-data:CancelStatement'],
      resources: ['*'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM.
      conditions: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
    }),
  );
}
