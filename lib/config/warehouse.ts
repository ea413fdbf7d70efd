/** What the handlers and IAM need to know of the configured warehouse, written once. */
import type { RedshiftConnection } from '../../lambda/adapters/redshift-data';
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
