{#-
    Grain: one row per loaded filing. How its reconciliation went (checks run, passed, warned, the
    largest difference, the checks that failed) beside whether its facts are used (is_current), so
    a failing filing can be told from a failing superseded copy at a glance.
-#}
with

filings as (

    select * from {{ ref('dim_filing') }}

),

checks as (

    select * from {{ ref('int_checks_unioned') }}

),

filing_numbers as (

    select
        filing_id,
        filing_seq

    from {{ ref('stg_edgar__filings') }}

),

per_filing as (

    -- Counted on the integer filing_seq; the failed checks' names and largest difference from the
    -- failed rows only (few), not while every row is counted.
    select
        filing_seq,
        count(*) as checks_run,
        count(*) filter (where passed) as checks_passed

    from checks
    group by filing_seq

),

failed as (

    select
        filing_seq,
        count(distinct check_name) as failed_check_count,
        string_agg(distinct check_name, ', ' order by check_name) as failed_checks,
        max(abs(difference)) as largest_difference

    from checks
    where not passed
    group by filing_seq

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
        coalesce(failed.failed_check_count, 0)::bigint as failed_check_count,
        failed.failed_checks,
        failed.largest_difference::decimal(38, 12) as largest_difference

    from filings
    left join filing_numbers on filings.filing_id = filing_numbers.filing_id
    left join per_filing on filing_numbers.filing_seq = per_filing.filing_seq
    left join failed on filing_numbers.filing_seq = failed.filing_seq

)

select * from final
