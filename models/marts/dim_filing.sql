{#-
    Grain: one row per loaded filing (filing_id: the accession number, else the SHA-256 of its bytes).
    is_complete: every required table present, every cell readable, every label mapped, deal and
    distribution date found (incomplete_reason says what is not). is_current: the filing the
    facts of its (deal, distribution date) come from; false when an amendment or a duplicate
    supersedes it. An incomplete filing never supersedes a complete one.

    Incremental: a build replaces the rows of the new filings and of every filing of their (deal,
    distribution date), whose is_current a new filing may flip (changed_scope date_filings).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='date_filings', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('stg_edgar__filings') }}
    where {{ changed_only('date_filings', 'filing_seq', key='filing_seq') }}

),

identified as (

    select * from {{ ref('int_filings_identified') }}
    where {{ changed_only('date_filings', 'filing_seq', key='filing_seq') }}

),

coverage as (

    select * from {{ ref('int_number_coverage') }}
    where {{ changed_only('date_filings', 'filing_seq', key='filing_seq') }}

),

final as (

    select
        filings.filing_id,
        filings.accession_number,
        identified.form_type,
        filings.filed_date,
        filings.period_of_report_date,
        filings.cik,
        filings.company_name,
        filings.sec_file_number,
        identified.deal_id,
        identified.distribution_date,
        identified.record_date,
        filings.source_path,
        filings.sha256,
        filings.report_sha256,
        filings.file_bytes,
        filings.has_sec_header,
        filings.encoding,
        filings.document_count,
        filings.report_document_sequence,
        filings.report_document_type,
        filings.table_count,
        filings.cell_count,
        identified.unreadable_cells as unreadable_cell_count,
        identified.missing_tables,
        identified.is_amendment,
        identified.is_complete,
        identified.is_current,
        identified.incomplete_reason,
        identified.unmapped_labels::bigint as unmapped_label_count,
        identified.facts_withheld,
        identified.report_family,
        coalesce(coverage.printed_number_count, 0)::bigint as printed_number_count,
        coalesce(coverage.mapped_number_count, 0)::bigint as mapped_number_count,
        coalesce(coverage.excluded_number_count, 0)::bigint as excluded_number_count,
        (coverage.mapped_number_count / nullif(coverage.printed_number_count, 0))::decimal(9, 6) as number_coverage,
        filings.parser_version,
        filings.load_run_id,
        filings.loaded_at

    from filings
    inner join identified on filings.filing_id = identified.filing_id
    left join coverage on filings.filing_id = coverage.filing_id

)

select * from final
