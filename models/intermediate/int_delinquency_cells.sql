{#-
    The delinquency matrix, one row per filing x loan group x status x bucket, Totals rows and the
    Total column included (flagged). Each segment of the "Delinquency Status By Groups" table is one
    group (its "Group N" row); the first block of rows holds counts (first line of a row) and balances
    (second line), the second block of the same row labels holds the percentages.
    Only printed cells make rows: a blank cell (the DELINQUENT 0-29 Days cell) is not reported.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where table_role = 'delinquency' and cell_area = 'data' and {{ new_filings_only() }}

),

statuses as (

    select * from {{ ref('delinquency_statuses') }}

),

buckets as (

    select * from {{ ref('delinquency_buckets') }}

),

segment_groups as (

    select
        filing_id,
        filing_seq,
        table_ordinal,
        table_segment,
        max(try_cast(regexp_extract(row_key, '^group\s*(\d+)$', 1) as integer)) as loan_group

    from cells
    group by filing_id, filing_seq, table_ordinal, table_segment

),

classified as (

    select
        cells.filing_id,
        cells.filing_seq,
        segment_groups.loan_group,
        statuses.status,
        statuses.is_total as is_total_status,
        buckets.bucket_days_min,
        buckets.is_total as is_total_bucket,
        cells.label_occurrence,
        cells.row_sub,
        cells.value_number,
        cells.is_unreadable,
        cells.line_no

    from cells
    inner join segment_groups
        on
            cells.filing_id = segment_groups.filing_id
            and cells.table_ordinal = segment_groups.table_ordinal
            and cells.table_segment = segment_groups.table_segment
    inner join statuses on cells.column_key like statuses.label_pattern
    inner join buckets on cells.row_key like buckets.label_pattern

),

pivoted as (

    select
        filing_id,
        filing_seq,
        loan_group,
        status,
        bucket_days_min,
        bool_or(is_total_status) as is_total_status,
        bool_or(is_total_bucket) as is_total_bucket,
        try_cast(max(case when label_occurrence = 1 and row_sub = 0 then value_number end) as integer) as loan_count,
        try_cast(max(case when label_occurrence = 1 and row_sub = 1 then value_number end) as decimal(18, 2))
            as principal_balance,
        try_cast(max(case when label_occurrence = 2 and row_sub = 0 then value_number * 0.01 end) as decimal(12, 10))
            as loan_count_pct,
        try_cast(max(case when label_occurrence = 2 and row_sub = 1 then value_number * 0.01 end) as decimal(12, 10))
            as principal_balance_pct,
        count(*) filter (where label_occurrence = 1 and row_sub = 0) as count_cells,
        count(*) filter (where label_occurrence = 1 and row_sub = 1) as balance_cells,
        bool_or(is_unreadable) as has_unreadable_cell,
        min(line_no) as first_line_no

    from classified
    group by filing_id, filing_seq, loan_group, status, bucket_days_min

)

select * from pivoted
