/**
 * One Logger and one Metrics instance per Lambda container, shared by every module of a handler. The service name
 * comes from POWERTOOLS_SERVICE_NAME and the metrics namespace from POWERTOOLS_METRICS_NAMESPACE (PlatformFunction
 * sets both). Each handler is wrapped with middy and Powertools' middlewares: `injectLambdaContext(logger)` puts the
 * invocation's context in every log line, `logMetrics(metrics)` flushes the stored metrics when the handler returns
 * or throws, so no handler flushes by hand.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger();

const EMPTY_FLUSH_WARNING = 'No application metrics to publish';

/**
 * Metrics' own warnings (a bad dimension, an invalid metric) go to the JSON log with the invocation's context rather
 * than to stderr as plain text. An invocation that publishes no metric is normal here (a bot request with the right
 * token, an Athena step that waits), so the warning logMetrics gives then is debug, not a warning every invocation.
 */
const metricsLog = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => (String(message).startsWith(EMPTY_FLUSH_WARNING) ? logger.debug(message) : logger.warn(message)),
  error: (message: string) => logger.error(message),
};

export const metrics = new Metrics({ logger: metricsLog });
