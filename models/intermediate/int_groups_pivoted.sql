{#-
    One row per filing x loan group (loan_group null and is_total for the statement's Total column):
    every group table of the report (a statement with a column per group, or rows ending "Group N"),
    pivoted to columns, one per group measure of the report-family spec (macro pivot_spec_measures).
-#}
{{ config(materialized='batched') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where
        table_subject_axis in ('group_columns', 'group_rows')
        and subject_axis in ('group_columns', 'group_rows')
        and cell_area = 'data'
        and (loan_group is not null or is_total)
        and {{ new_filings_only() }}

),

filings as (

    select
        filing_id,
        filing_seq

    from {{ ref('stg_edgar__filings') }}
    where {{ new_filings_only() }}

),

pivoted as (

    -- Grouped on the integer filing_seq (the filing_id joined to the pivoted rows after).
    select
        filing_seq,
        loan_group,
        bool_or(is_total) as is_total,
        -- The group's heading as printed ("FIXED GROUP", "Group 2"); NULL for a "... Group N" row.
        max(case when subject_axis = 'group_columns' then subject end) as group_name,
        min(line_no) as first_line_no,
        {{ pivot_spec_measures("roles.subject_axis in ('group_columns', 'group_rows') and labels.axis = 'row'"
            ~ " and labels.measure != 'group_heading'") }}
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    where measure is distinct from 'group_heading'
    group by filing_seq, loan_group

),

final as (

    select
        filings.filing_id,
        pivoted.*

    from pivoted
    inner join filings on pivoted.filing_seq = filings.filing_seq

)

select * from final
