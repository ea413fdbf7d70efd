-- Raw lock-screen activity: gzip JSON lines under s3://example-raw-logs/lockscreen/dt=YYYY-MM-DD/.
-- Partition projection: Athena computes the partitions from dt, so no MSCK REPAIR or crawler is needed.
CREATE EXTERNAL TABLE IF NOT EXISTS lockscreen_activity (
  user_id bigint,
  app_id int,
  country string,
  action string,
  occurred_at string
)
PARTITIONED BY (dt string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-raw-logs/lockscreen/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'storage.location.template' = 's3://example-raw-logs/lockscreen/dt=${dt}/'
)
