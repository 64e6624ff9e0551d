{#-
    One row per filing: how many numbers its report prints (value_kind number or unreadable), how
    many are mapped to a measure (a label of the family's spec maps it; a delinquency matrix number
    is mapped when it is placed in a group, status, bucket and measure), how many of the rest are
    deliberately excluded (seed report_label_exclusions, with its reason, matched per label in
    int_report_labels_mapped), and the list of the numbers that are not mapped, each with its table,
    labels, line, text and why (unnested by marts.audit_unmapped_numbers). Numbers of a table cut off
    before its </TABLE> are not used. Most numbers are mapped: a row per filing, not per number,
    keeps the model small. Incremental, keyed on filing.
-#}
{#-
    The labelled numbers and the cut-off tables' numbers both read the staging cells: DuckDB's
    common-subplan optimizer would keep that shared scan (every number cell, all its columns) in
    memory for both, 1.7 GB per 10k filings; scanned twice (the second scan only reads the cells of
    tables cut off, nearly none) the model takes a fifth of the memory and less time.
-#}
{{ config(
    materialized='batched',
    pre_hook="set disabled_optimizers = 'common_subplan'",
    post_hook="reset disabled_optimizers",
) }}

with

labelled as (

    select * from {{ ref('int_report_cells_labelled') }}
    where value_kind in ('number', 'unreadable') and {{ new_filings_only() }}

),

placed as (

    select
        filing_seq,
        line_no,
        char_start

    from {{ ref('int_delinquency_cells_placed') }}
    where {{ new_filings_only() }}

),

cut_off as (

    -- Numbers of tables cut off before their </TABLE> never reach the labelled cells.
    select
        cells.filing_id,
        cells.filing_seq,
        report_tables.table_title,
        row_labels.label as row_label,
        column_labels.label as column_label,
        cells.file_line_no as line_no,
        cells.char_start,
        cells.raw_text,
        false as is_mapped,
        false as is_excluded,
        'the table is cut off before its </TABLE>: its cells are not used' as reason

    from {{ ref('stg_edgar__report_cells') }} as cells
    inner join {{ ref('stg_edgar__report_tables') }} as report_tables
        on
            cells.filing_id = report_tables.filing_id
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
    left join {{ ref('stg_edgar__report_labels') }} as row_labels on cells.row_label_filled_id = row_labels.label_id
    left join {{ ref('stg_edgar__report_labels') }} as column_labels on cells.column_label_id = column_labels.label_id
    where
        not report_tables.is_terminated
        and cells.value_kind in ('number', 'unreadable')
        and {{ new_filings_only('cells.filing_seq') }}
        and {{ new_filings_only('report_tables.filing_seq') }}

),

placed_or_mapped as (

    select
        labelled.*,
        case
            when labelled.table_role = 'delinquency' then placed.filing_seq is not null
            else labelled.measure is not null
        end as is_mapped

    from labelled
    left join placed
        on
            labelled.filing_seq = placed.filing_seq
            and labelled.line_no = placed.line_no
            and labelled.char_start = placed.char_start

),

classified as (

    -- Why a number is not mapped is spelled out for the unmapped ones only: DuckDB evaluates a CASE
    -- branch only for the rows that take it, and most numbers are mapped (at 10k filings, building the
    -- text for every number was a seventh of the model's time).
    select
        filing_id,
        filing_seq,
        table_title,
        row_label_filled as row_label,
        column_label,
        file_line_no as line_no,
        char_start,
        raw_text,
        is_mapped,
        exclusion_reason is not null as is_excluded,
        case
            when is_mapped then null
            when table_role is null
                then 'the table has no role in the ' || report_family || ' spec (seed report_tables)'
            when exclusion_reason is not null then exclusion_reason
            when table_role = 'delinquency'
                then 'not placed in a group, status, bucket and measure of the delinquency matrix'
            else 'no label of the ' || report_family || ' spec maps "' || coalesce(label_key, '') || '"'
        end as reason

    from placed_or_mapped

),

numbers as (

    select * from classified
    union all
    select * from cut_off

),

final as (

    select
        filing_id,
        filing_seq,
        count(*) as printed_number_count,
        count(*) filter (where is_mapped) as mapped_number_count,
        count(*) filter (where not is_mapped and is_excluded) as excluded_number_count,
        -- The CASE as well as the FILTER: DuckDB builds an aggregate's argument for every row.
        list(
            case
                when not is_mapped
                    then {
                        'table_title': table_title,
                        'row_label': row_label,
                        'column_label': column_label,
                        'line_no': line_no,
                        'char_start': char_start,
                        'raw_text': raw_text,
                        'is_excluded': is_excluded,
                        'reason': reason
                    }
            end
            order by line_no, char_start
        ) filter (where not is_mapped) as unmapped_numbers

    from numbers
    group by filing_id, filing_seq

)

select * from final
