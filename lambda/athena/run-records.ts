/** The run records of the Athena jobs in Redshift (athena_meta.athena_runs), read by catch-up and by backfill. */
import type { RedshiftData } from '../warehouse/data-api';
import { loadedPartitionsSql } from './core/sql';

/** Keys of the job's partitions with a run record since `fromKey`; none before the table's first load. */
export async function loadedPartitionKeys(redshift: RedshiftData, metaSchema: string, job: string, fromKey: string): Promise<Set<string>> {
  try {
    const rows = await redshift.query(loadedPartitionsSql(metaSchema, job, fromKey));
    return new Set(rows.map((r) => String(r.partition_key)));
  } catch (error) {
    // Before the first load the run table does not exist yet: nothing has been loaded.
    if (/does not exist/.test((error as Error).message)) return new Set();
    throw error;
  }
}
