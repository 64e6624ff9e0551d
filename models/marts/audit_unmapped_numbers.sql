{#-
    Grain: one row per printed number of a loaded filing that is not mapped to a measure
    (number_id): its table, row and column labels, line and printed text, whether it is a deliberate
    exclusion of the report family's spec, and why it is left out. dim_filing counts them.

    Incremental, keyed on filing: a build reads the new filings only (changed_scope filing).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='filing', on_schema_change='fail') }}
-- The strategy deletes the rows of the new filings, read from int_filings_identified.
-- depends_on: {{ ref('int_filings_identified') }}

with

coverage as (

    select * from {{ ref('int_number_coverage') }}
    where unmapped_numbers is not null and {{ new_filings_only() }}

),

unnested as (

    select
        coverage.filing_id,
        unmapped.number['table_title'] as table_title,
        unmapped.number['row_label'] as row_label,
        unmapped.number['column_label'] as column_label,
        unmapped.number['line_no'] as line_no,
        unmapped.number['char_start'] as char_start,
        unmapped.number['raw_text'] as raw_text,
        unmapped.number['is_excluded'] as is_excluded,
        unmapped.number['reason'] as reason

    from coverage
    cross join unnest(coverage.unmapped_numbers) as unmapped (number)

),

final as (

    select
        md5(concat_ws('|', filing_id, line_no, char_start)) as number_id,
        filing_id,
        table_title,
        row_label,
        column_label,
        line_no::integer as line_no,
        raw_text,
        is_excluded,
        reason

    from unnested

)

select * from final
