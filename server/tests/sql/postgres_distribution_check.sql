-- Issue 21: the PostgreSQL schema is ready for distribution by company (Citus). Run on a
-- migrated database (in its schema); every row's `ok` must be true.
--
-- Tenant tables: every table of the current schema but `_sqlx_migrations` and the global
-- ones below. `companies` is distributed on `id`, every other tenant table on `company_id`.
-- For each tenant table, one row per
--   - primary key and unique index (unique constraints are unique indexes): ok when its key
--     columns (not INCLUDE columns, not expressions) hold the distribution column;
--   - missing primary key: one row, never ok (a tenant table must have one);
--   - foreign key: ok when it points at a tenant table and pairs the two distribution
--     columns (co-located: the check stays on the company's node).
-- Global tables (reference tables, or distributed on their own key) add a row per foreign
-- key: ok only when it points at another global table (not into a distributed one).
WITH global_tables (name) AS (
    VALUES ('_sqlx_migrations'), ('accounts'), ('sessions'), ('setup_links'), ('embed_sites'),
           ('sign_in_failures')
), tables AS (
    SELECT c.oid AS rel, c.relname::text AS name,
           c.relname::text IN (SELECT name FROM global_tables) AS global
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
), dist AS (
    SELECT rel, CASE name WHEN 'companies' THEN 'id' ELSE 'company_id' END AS col
    FROM tables WHERE NOT global
)
SELECT tbl, what, kind, ok FROM (
    SELECT d.rel::regclass::text AS tbl, i.indexrelid::regclass::text AS what,
           CASE WHEN i.indisprimary THEN 'pk' ELSE 'unique' END AS kind,
           EXISTS (SELECT 1 FROM pg_attribute a
                   WHERE a.attrelid = d.rel AND a.attname = d.col
                     AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1])) AS ok
    FROM dist d JOIN pg_index i ON i.indrelid = d.rel AND i.indisunique
    UNION ALL
    SELECT d.rel::regclass::text, '(no primary key)', 'pk', false
    FROM dist d
    WHERE NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = d.rel AND i.indisprimary)
    UNION ALL
    SELECT d.rel::regclass::text, c.conname::text, 'fk->' || c.confrelid::regclass::text,
           EXISTS (SELECT 1 FROM unnest(c.conkey, c.confkey) AS k (l, r)
                   JOIN pg_attribute la ON la.attrelid = c.conrelid AND la.attnum = k.l
                   JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.r
                   JOIN dist rd ON rd.rel = c.confrelid
                   WHERE la.attname = d.col AND ra.attname = rd.col)
    FROM dist d JOIN pg_constraint c ON c.conrelid = d.rel AND c.contype = 'f'
    UNION ALL
    SELECT t.rel::regclass::text, c.conname::text, 'fk->' || c.confrelid::regclass::text,
           EXISTS (SELECT 1 FROM tables rt WHERE rt.rel = c.confrelid AND rt.global)
    FROM tables t JOIN pg_constraint c ON c.conrelid = t.rel AND c.contype = 'f'
    WHERE t.global
) AS checks
ORDER BY tbl, kind, what;
