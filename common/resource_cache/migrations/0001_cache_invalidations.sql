-- Cache invalidations noted with each write (common/resource_cache): a row
-- lives from the write's commit until its key is deleted from the shared
-- cache, so an invalidation that could not reach Redis is never lost.
CREATE TABLE masar_cache_invalidations (
  id TEXT PRIMARY KEY,
  cache_key TEXT NOT NULL,
  create_time BIGINT NOT NULL
);
