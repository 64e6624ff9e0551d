-- Pipeline guard (error): every filing's raw rows landed exactly once and nothing else did. For each
-- filing, the cells, table segments and documents in raw are as many as the loader counted when it
-- parsed the file (a partial or doubled landing shows here), no raw row belongs to no filing, every
-- cell is of the filing's report document, and every document has its text: pieces numbered 0, 1, ...
-- once each (raw.document_text).
-- Reads the filings loaded since the last successful build (macros/build_log.sql).
-- One scan per raw table (keys such as (filing_id, line_no, char_start) follow from these counts and
-- from the parser's own tests).
with

filings as (

    select * from {{ source('edgar', 'filings') }}
    where {{ loaded_since_last_checked_build() }}

),

cell_counts as (

    -- The narrow cell table carries the filing's number (filing_seq), not its id, and its report
    -- document's sequence: a cell of no report document would drop out of stg_edgar__report_cells.
    select
        report_cells.filing_seq,
        count(*) as n_cells,
        count(distinct report_cells.line_no::bigint * 1000000 + report_cells.char_start) as n_positions,
        count(*) filter (where report_documents.filing_seq is null) as n_cells_off_report

    from {{ source('edgar', 'report_cells') }} as report_cells
    left join {{ source('edgar', 'documents') }} as report_documents
        on
            report_cells.filing_seq = report_documents.filing_seq
            and report_cells.document_sequence = report_documents.sequence
            and report_documents.is_report
    where {{ loaded_since_last_checked_build('report_cells.filing_seq') }}
    group by report_cells.filing_seq

),

cells as (

    select
        cell_counts.*,
        cell_filings.filing_id

    from cell_counts
    left join {{ source('edgar', 'filings') }} as cell_filings on cell_counts.filing_seq = cell_filings.filing_seq

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

document_texts as (

    select
        filing_seq,
        count(*) as n_texts,
        count(*) filter (where not is_whole) as n_texts_broken

    from (
        select
            filing_seq,
            document_sequence,
            min(chunk) = 0 and max(chunk) + 1 = count(*) and count(distinct chunk) = count(*) as is_whole
        from {{ source('edgar', 'document_text') }}
        where {{ loaded_since_last_checked_build('filing_seq') }}
        group by filing_seq, document_sequence
    )
    group by filing_seq

),

checked as (

    select
        coalesce(filings.filing_id, cells.filing_id, report_tables.filing_id, documents.filing_id) as filing_id,
        cells.filing_seq as cells_filing_seq,
        filings.filing_id is null as is_orphan,
        filings.cell_count,
        cells.n_cells,
        cells.n_positions,
        cells.n_cells_off_report,
        filings.table_count,
        report_tables.n_tables,
        documents.n_documents,
        documents.n_sequences,
        documents.n_reports,
        document_texts.n_texts,
        document_texts.n_texts_broken

    from filings
    full outer join cells on filings.filing_seq = cells.filing_seq
    full outer join report_tables on coalesce(filings.filing_id, cells.filing_id) = report_tables.filing_id
    full outer join documents
        on coalesce(filings.filing_id, cells.filing_id, report_tables.filing_id) = documents.filing_id
    full outer join document_texts on coalesce(filings.filing_seq, cells.filing_seq) = document_texts.filing_seq

)

select * from checked
where
    is_orphan
    or cell_count is distinct from n_cells
    or n_cells is distinct from n_positions
    or n_cells_off_report > 0
    or table_count is distinct from n_tables
    or n_documents is distinct from n_sequences
    or n_reports is distinct from 1
    or n_texts is distinct from n_documents
    or n_texts_broken > 0
