{#-
    One row per filing: the deal-level statements (certificate account, prepayment interest
    shortfall, servicing fees, collateral statement; a class page's footer dates, an insurer's
    premium) pivoted to columns, one per deal measure of the report-family spec (pivot_spec_measures).
-#}
{{ config(materialized='batched') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    -- Deal-level cells: the deal tables' and a class table's rows that are no class.
    where table_subject_axis in ('deal', 'class') and subject_axis = 'deal' and cell_area = 'data' and {{ new_filings_only() }}

),

pivoted as (

    select
        filing_id,
        filing_seq,
        {{ pivot_spec_measures("(roles.subject_axis = 'deal' or roles.subject_axis = 'class' and labels.axis = 'row')") }}
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id, filing_seq

)

select * from pivoted
