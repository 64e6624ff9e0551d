-- Pipeline guard (error): every filing's raw rows landed exactly once and nothing else did. For each
-- filing, the cells, table segments and documents in raw are as many as the loader counted when it
-- parsed the file (a partial or doubled landing shows here), and no raw row belongs to no filing.
-- Reads the filings loaded since the last successful build (macros/build_log.sql).
-- One scan per raw table (keys such as (filing_id, line_no, char_start) follow from these counts and
-- from the parser's own tests).
with

filings as (

    select * from {{ source('edgar', 'filings') }}
    where {{ loaded_since_last_checked_build() }}

),

cells as (

    select
        filing_id,
        count(*) as n_cells,
        count(distinct line_no::bigint * 1000000 + char_start) as n_positions

    from {{ source('edgar', 'report_cells') }}
    where {{ loaded_since_last_checked_build() }}
    group by filing_id

),

report_tables as (

    select
        filing_id,
        count(distinct table_ordinal) as n_tables

    from {{ source('edgar', 'report_tables') }}
    where {{ loaded_since_last_checked_build() }}
    group by filing_id

),

documents as (

    select
        filing_id,
        count(*) as n_documents,
        count(distinct sequence) as n_sequences,
        count(*) filter (where is_report) as n_reports

    from {{ source('edgar', 'documents') }}
    where {{ loaded_since_last_checked_build() }}
    group by filing_id

),

checked as (

    select
        coalesce(filings.filing_id, cells.filing_id, report_tables.filing_id, documents.filing_id) as filing_id,
        filings.filing_id is null as is_orphan,
        filings.cell_count,
        cells.n_cells,
        cells.n_positions,
        filings.table_count,
        report_tables.n_tables,
        documents.n_documents,
        documents.n_sequences,
        documents.n_reports

    from filings
    full outer join cells on filings.filing_id = cells.filing_id
    full outer join report_tables on coalesce(filings.filing_id, cells.filing_id) = report_tables.filing_id
    full outer join documents
        on coalesce(filings.filing_id, cells.filing_id, report_tables.filing_id) = documents.filing_id

)

select * from checked
where
    is_orphan
    or cell_count is distinct from n_cells
    or n_cells is distinct from n_positions
    or table_count is distinct from n_tables
    or n_documents is distinct from n_sequences
    or n_reports is distinct from 1
