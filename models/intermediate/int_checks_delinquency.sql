{#-
    Reconciliation checks of the delinquency matrix, one row per filing x check x subject: Totals
    rows and the Total column are sums, count percentages are count / the group's ending loan count,
    and balance percentages are close to balance / the group's ending balance.
-#}
{{ config(materialized='batched') }}

with

delinquency as (

    select * from {{ ref('int_delinquency_cells') }}
    where {{ new_filings_only() }}

),

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

bucket_sums as (

    select
        filing_id,
        filing_seq,
        loan_group,
        status,
        sum(loan_count) as loan_count,
        sum(principal_balance) as principal_balance,
        count(*) as n_cells

    from delinquency
    where not is_total_bucket
    group by filing_id, filing_seq, loan_group, status

),

status_sums as (

    select
        filing_id,
        filing_seq,
        loan_group,
        bucket_days_min,
        sum(loan_count) as loan_count,
        sum(principal_balance) as principal_balance,
        count(*) as n_cells

    from delinquency
    where not is_total_status
    group by filing_id, filing_seq, loan_group, bucket_days_min

),

totals_row as (

    select {{ check_row(
        'delinquency_totals_row', "'Group ' || totals.loan_group || ' ' || totals.status || ': loan count'",
        'bucket_sums.loan_count', 'totals.loan_count', '0', 'totals',
        loan_group='totals.loan_group', measure="'loan_count'", table_role="'delinquency'") }}
    from delinquency as totals
    inner join bucket_sums
        on
            totals.filing_id = bucket_sums.filing_id
            and totals.loan_group = bucket_sums.loan_group
            and totals.status = bucket_sums.status
    where totals.is_total_bucket

    union all

    select {{ check_row(
        'delinquency_totals_row', "'Group ' || totals.loan_group || ' ' || totals.status || ': balance'",
        'bucket_sums.principal_balance', 'totals.principal_balance', cents('bucket_sums.n_cells'), 'totals',
        loan_group='totals.loan_group', measure="'principal_balance'", table_role="'delinquency'") }}
    from delinquency as totals
    inner join bucket_sums
        on
            totals.filing_id = bucket_sums.filing_id
            and totals.loan_group = bucket_sums.loan_group
            and totals.status = bucket_sums.status
    where totals.is_total_bucket

),

total_column as (

    select {{ check_row(
        'delinquency_total_column',
        "'Group ' || totals.loan_group || ' ' || coalesce(totals.bucket_days_min || ' days', 'Totals') || ': loan count'",
        'status_sums.loan_count', 'totals.loan_count', '0', 'totals',
        loan_group='totals.loan_group', measure="'loan_count'", table_role="'delinquency'") }}
    from delinquency as totals
    inner join status_sums
        on
            totals.filing_id = status_sums.filing_id
            and totals.loan_group = status_sums.loan_group
            and totals.bucket_days_min is not distinct from status_sums.bucket_days_min
    where totals.is_total_status

    union all

    select {{ check_row(
        'delinquency_total_column',
        "'Group ' || totals.loan_group || ' ' || coalesce(totals.bucket_days_min || ' days', 'Totals') || ': balance'",
        'status_sums.principal_balance', 'totals.principal_balance', cents('status_sums.n_cells'), 'totals',
        loan_group='totals.loan_group', measure="'principal_balance'", table_role="'delinquency'") }}
    from delinquency as totals
    inner join status_sums
        on
            totals.filing_id = status_sums.filing_id
            and totals.loan_group = status_sums.loan_group
            and totals.bucket_days_min is not distinct from status_sums.bucket_days_min
    where totals.is_total_status

),

percentage_figures as (

    -- Count percentages are printed to 6 decimals of a percent (CTSLink: 1e-8 as a fraction) or 5
    -- (Bankers Trust): half a unit of the last printed digit, at least 1e-8.
    select {{ check_row(
        'delinquency_count_pct',
        "'Group ' || delinquency.loan_group || ' ' || delinquency.status || ' '"
        ~ " || coalesce(delinquency.bucket_days_min || ' days', 'Totals')",
        'delinquency.loan_count / nullif(groups.ending_loan_count, 0)', 'delinquency.loan_count_pct',
        'greatest(0.00000001, 0.5 / 10 ** (delinquency.loan_count_pct_decimals + 2))', 'delinquency',
        loan_group='delinquency.loan_group', measure="'loan_count_pct'", table_role="'delinquency'") }}
    from delinquency
    inner join groups
        on
            delinquency.filing_id = groups.filing_id
            and delinquency.loan_group = groups.loan_group
    where delinquency.loan_count_pct is not null

    union all

    -- The trustee divides by a balance it does not print: the explicit relative tolerance is
    -- var('delinquency_balance_pct_relative_tolerance'), plus the printing precision.
    select {{ check_row(
        'delinquency_balance_pct',
        "'Group ' || delinquency.loan_group || ' ' || delinquency.status || ' '"
        ~ " || coalesce(delinquency.bucket_days_min || ' days', 'Totals')",
        'delinquency.principal_balance / nullif(groups.ending_balance, 0)', 'delinquency.principal_balance_pct',
        'delinquency.principal_balance / nullif(groups.ending_balance, 0) * '
        ~ var('delinquency_balance_pct_relative_tolerance') ~ ' + 0.00000001', 'delinquency',
        loan_group='delinquency.loan_group', measure="'principal_balance_pct'", table_role="'delinquency'") }}
    from delinquency
    inner join groups
        on
            delinquency.filing_id = groups.filing_id
            and delinquency.loan_group = groups.loan_group
    where delinquency.principal_balance_pct is not null

),

percentages as (

    -- Figure by figure beyond tolerance, the others one row per group (macro figure_checks_collapsed).
    {{ figure_checks_collapsed('percentage_figures', 'loan_group', "'Group ' || unit_key") }}

)

select * from totals_row
union all
select * from total_column
union all
select * from percentages
