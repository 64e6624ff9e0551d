{#-
    One row per filing x class (and the filing's Totals row, class_name 'Totals', one per tier where a
    report prints one per tier: 'TOTALS REMIC I'): the class tables pivoted to columns, one column per
    class measure of the report-family spec (seed report_labels; macro pivot_spec_measures). Each measure is read from its primary table (seed report_labels.is_primary);
    the same figure printed in other tables is compared in int_checks_class. Money DECIMAL(18,2),
    rates and factors as fractions, *_per_1000 as printed per $1,000 of original face. ending_factor is
    the printed ending percentage (a fraction) or, where the report prints factors per $1,000 only
    (Bankers Trust), its printed ending-balance factor / 1000, exactly: one column for every family.
-#}
{{ config(materialized='batched') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    -- table_subject_axis: the table's axis, which the view filters before it joins the label map.
    where table_subject_axis = 'class' and subject_axis = 'class' and cell_area = 'data' and {{ new_filings_only() }}

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
        subject as class_name,
        bool_or(is_total) as is_total,
        max(tier) as tier,
        bool_or(is_lower_tier) as is_lower_tier,
        min(line_no) as first_line_no,
        {{ pivot_spec_measures("roles.subject_axis = 'class' and labels.axis = 'column'", primary_only=true) }}
        try_cast(max(case when measure = 'beginning_balance' and table_role = 'class_interest' then value_number end) as decimal(18, 2))
            as interest_beginning_balance,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_seq, subject

),

final as (

    select
        filings.filing_id,
        pivoted.* replace (
            coalesce(
                pivoted.ending_factor, try_cast(pivoted.ending_balance_per_1000 * 0.001 as decimal(12, 10))
            ) as ending_factor
        )

    from pivoted
    inner join filings on pivoted.filing_seq = filings.filing_seq

)

select * from final
