{#-
    Grain: one row per loaded filing. How its reconciliation went (checks run, passed, warned, the
    largest difference, the checks that failed) beside whether its facts are used (is_current), so
    a failing filing can be told from a failing superseded copy at a glance.

    Incremental by deal: a filing's own checks are counted once (int_filing_check_counts), but its
    continuity checks change with its deal's earlier months (int_checks_continuity, scope deal_since)
    and its is_current with the other filings of its month (dim_filing, scope date_filings, which
    deal_since holds), so a build recomputes the rows of the new filings and of every filing of their
    deals dated on or after the deal's earliest new filing (changed_scope deal_since).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal_since', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where {{ changed_only('deal_since', 'filing_id') }}

),

filing_numbers as (

    select
        filing_id,
        filing_seq

    from {{ ref('int_filings_identified') }}
    where {{ changed_only('deal_since', 'filing_seq', key='filing_seq') }}

),

filing_checks as (

    select * from {{ ref('int_filing_check_counts') }}
    where {{ changed_only('deal_since', 'filing_seq', key='filing_seq') }}

),

continuity as (

    -- Counted on the integer filing_seq; the failed checks' names and largest difference from the
    -- failed rows only.
    select
        filing_seq,
        {{ check_counts() }}

    from {{ ref('int_checks_unioned') }}
    where check_source = 'continuity' and {{ changed_only('deal_since', 'filing_seq', key='filing_seq') }}
    group by filing_seq

),

per_filing as (

    select
        filing_numbers.filing_id,
        coalesce(filing_checks.checks_run, 0) + coalesce(continuity.checks_run, 0) as checks_run,
        coalesce(filing_checks.checks_passed, 0) + coalesce(continuity.checks_passed, 0) as checks_passed,
        list_sort(list_distinct(
            list_concat(coalesce(filing_checks.failed_checks, []), coalesce(continuity.failed_checks, []))
        )) as failed_checks,
        greatest(filing_checks.largest_difference, continuity.largest_difference) as largest_difference

    from filing_numbers
    left join filing_checks on filing_numbers.filing_seq = filing_checks.filing_seq
    left join continuity on filing_numbers.filing_seq = continuity.filing_seq

),

final as (

    select
        filings.filing_id,
        filings.deal_id,
        filings.distribution_date,
        filings.form_type,
        filings.is_complete,
        filings.is_current as facts_used,
        coalesce(per_filing.checks_run, 0)::bigint as checks_run,
        coalesce(per_filing.checks_passed, 0)::bigint as checks_passed,
        coalesce(per_filing.checks_run - per_filing.checks_passed, 0)::bigint as checks_warned,
        coalesce(len(per_filing.failed_checks), 0)::bigint as failed_check_count,
        nullif(array_to_string(per_filing.failed_checks, ', '), '') as failed_checks,
        per_filing.largest_difference::decimal(38, 12) as largest_difference

    from filings
    left join per_filing on filings.filing_id = per_filing.filing_id

)

select * from final
