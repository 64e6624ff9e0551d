{#-
    The delinquency matrix, one row per filing x loan group x status x bucket, Totals rows and the
    Total column included (flagged): the placed cells of int_delinquency_cells_placed (where the two
    layouts are described) pivoted to count, balance and their percentages. Only printed cells make
    rows: a blank cell (the DELINQUENT 0-29 Days cell) is not reported.
-#}
{{ config(materialized='batched') }}

with

placed as (

    -- A placed cell keeps its printed text only: its number is read here (macro cell_number).
    select
        *,
        {{ cell_number('value_kind', 'raw_text') }} as value_number

    from {{ ref('int_delinquency_cells_placed') }}
    where {{ new_filings_only() }}

),

filings as (

    select
        filing_id,
        filing_seq

    from {{ ref('stg_edgar__filings') }}
    where {{ new_filings_only() }}

),

pivoted as (

    -- Grouped on the integer filing_seq; the filing's filing_id is joined to the pivoted rows (a
    -- quarter of the cells) after.
    select
        filing_seq,
        loan_group,
        status,
        bucket_days_min,
        -- NULL for an open-ended bucket (180 days and over; 3+ payments late).
        any_value(bucket_days_max) as bucket_days_max,
        bool_or(is_total_status) as is_total_status,
        bool_or(is_total_bucket) as is_total_bucket,
        try_cast(max(case when cell_measure = 'loan_count' then value_number end) as integer) as loan_count,
        try_cast(max(case when cell_measure = 'principal_balance' then value_number end) as decimal(18, 2))
            as principal_balance,
        try_cast(max(case when cell_measure = 'loan_count_pct' then value_number * 0.01 end) as decimal(12, 10))
            as loan_count_pct,
        try_cast(max(case when cell_measure = 'principal_balance_pct' then value_number * 0.01 end) as decimal(12, 10))
            as principal_balance_pct,
        -- Decimals of the printed count percentage (6 in CTSLink, 5 in Bankers Trust): its precision.
        max(length(regexp_extract(raw_text, '\.(\d+)', 1))) filter (where cell_measure = 'loan_count_pct')
            as loan_count_pct_decimals,
        count(*) filter (where cell_measure = 'loan_count') as count_cells,
        count(*) filter (where cell_measure = 'principal_balance') as balance_cells,
        bool_or(is_unreadable) as has_unreadable_cell,
        min(line_no) as first_line_no

    from placed
    group by filing_seq, loan_group, status, bucket_days_min

),

final as (

    select
        filings.filing_id,
        pivoted.*

    from pivoted
    inner join filings on pivoted.filing_seq = filings.filing_seq

)

select * from final
