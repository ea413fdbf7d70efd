// Every test runs as if in a Lambda of region ap-northeast-2, with dummy credentials and every AWS endpoint
// pointed at a closed loopback port: an AWS call a test forgot to mock fails here instead of leaving the machine.
process.env.AWS_REGION = 'ap-northeast-2';
process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-access-key-not-real';
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
process.env.POWERTOOLS_SERVICE_NAME = 'test';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'Test';
