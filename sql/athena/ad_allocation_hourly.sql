-- One hour of ad allocation decisions per publisher and ad (the table is registered in Glue, partitioned by
-- dt and hour).
SELECT
  CAST(dt AS DATE) AS ds,
  CAST(hour AS SMALLINT) AS hour,
  publisher_id,
  ad_id,
  COUNT(*) AS allocations,
  COUNT_IF(filled) AS fills
FROM ad_allocation
WHERE dt = '{{ds}}' AND hour = '{{hour}}'
GROUP BY 1, 2, 3, 4
