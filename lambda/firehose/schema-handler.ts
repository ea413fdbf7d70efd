/**
 * Custom resource of the Firehose route (through the CDK Provider framework): on create and update it plans each
 * stream's table against Redshift, writes the JSONPaths files and applies the DDL; a refused change fails the
 * deployment with the reason. On delete it does nothing: tables and their data outlive the stack.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { RedshiftData } from '../warehouse/data-api';
import { logger } from '../shared/powertools';
import { deploySchema } from './schema-deployment';

const identifier = z.string().check(z.regex(/^[a-z_][a-z0-9_]{0,126}$/));
const properties = z.object({
  Bucket: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)),
  Warehouse: z.object({
    database: identifier,
    secretArn: z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/)),
    clusterIdentifier: z.optional(z.string()),
    workgroupName: z.optional(z.string()),
  }),
  Streams: z.array(
    z.object({
      name: z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,39}$/)),
      schema: identifier,
      table: identifier,
      copyOptions: z.string(),
      columns: z.array(z.object({ name: identifier, type: z.string(), jsonPath: z.optional(z.string()) })),
    }),
  ),
});

export interface SchemaDependencies {
  readonly data: RedshiftDataClient;
  readonly s3: S3Client;
}

const PHYSICAL_ID = 'firehose-route-schema';

export async function handleSchemaEvent(
  event: CloudFormationCustomResourceEvent,
  deps: SchemaDependencies,
): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  if (event.RequestType === 'Delete') {
    logger.info('stack deletion: tables and JSONPaths files are kept');
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  // Properties arrive as JSON text so that CloudFormation's stringification of numbers and booleans cannot change them.
  const parsed = properties.safeParse(JSON.parse(String((event.ResourceProperties as { Spec?: unknown }).Spec ?? 'null')));
  if (!parsed.success) throw new Error(`invalid schema properties: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const spec = parsed.data;
  const redshift = new RedshiftData(deps.data, spec.Warehouse, { statementName: 'firehose-schema' });
  const changes = await deploySchema(
    redshift,
    {
      put: async (key, body) => void (await deps.s3.send(new PutObjectCommand({ Bucket: spec.Bucket, Key: key, Body: body, ContentType: 'application/json' }))),
    },
    spec.Streams,
  );
  logger.info('schema deployed', { changes });
  return { PhysicalResourceId: PHYSICAL_ID, Data: { Changes: changes.join('; ').slice(0, 3000) || 'none' } };
}

const clients: SchemaDependencies = { data: new RedshiftDataClient({}), s3: new S3Client({}) };

// It publishes no metrics, so only the Lambda context.
export const handler = middy((event: CloudFormationCustomResourceEvent) => handleSchemaEvent(event, clients)).use(injectLambdaContext(logger));
