-- The current-risk triggers on assessments (0002) look up a defender's newest current
-- assessment. With only single-column indexes SQLite chose `assessments_status`
-- (status = 'current' holds for most rows) and walked every current assessment in the vault, so
-- each assessment insert/update cost O(vault): ~100 ms at 3,000 defenders and quadratic for
-- imports and demo vaults (found by the benchmark, issue 10). This partial index answers that
-- subquery directly: the defender's current rows, already in date order.
CREATE INDEX assessments_current ON assessments(defender_id, date DESC, rid DESC)
    WHERE deleted_at IS NULL AND status = 'current';
