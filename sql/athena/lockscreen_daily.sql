-- One day of lock-screen activity per app and country. Filtering on the partition column dt keeps the scan
-- (and the bill) to that one day.
SELECT
  CAST(dt AS DATE) AS ds,
  app_id,
  country,
  COUNT(DISTINCT user_id) AS users,
  COUNT(*) AS events
FROM lockscreen_activity
WHERE dt = '{{ds}}'
GROUP BY 1, 2, 3
