{#-
    Grain: one row per loan group x status x delinquency bucket x distribution date, from the current
    filing of that date. Every printed cell is a row, zeros included (a zero is a reported fact); a
    cell the report leaves blank (DELINQUENT 0-29 days) has no row: not reported. The matrix's Totals
    row and Total column are not rows here; they are checked in audit_reconciliation.
    bucket_days_min: 0, 30, 60, 90, 120, 150, 180 (the lower bound of the bucket, in days);
    bucket_days_max: 29, 59, ..., 179, and NULL for 180 (180 days and over; in a payments-late family,
    3+ payments), from seed delinquency_buckets.

    A view (over int_delinquency_cells and dim_filing's current filings): the figures are stored once, in the
    intermediate table; its _history mart holds every version.
-#}
{{ config(materialized='view') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current

),

delinquency as (

    select * from {{ ref('int_delinquency_cells') }}
    where not is_total_status and not is_total_bucket

),

final as (

    select
        filings.deal_id,
        filings.filing_id,
        filings.distribution_date,
        delinquency.loan_group,
        delinquency.status,
        delinquency.bucket_days_min,
        delinquency.bucket_days_max,
        delinquency.loan_count,
        delinquency.principal_balance,
        delinquency.loan_count_pct,
        delinquency.principal_balance_pct

    from delinquency
    inner join filings on delinquency.filing_id = filings.filing_id

)

select * from final
