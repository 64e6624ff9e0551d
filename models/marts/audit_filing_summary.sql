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

per_filing as (

    select
        filing_id,
        count(*) as checks_run,
        count(*) filter (where passed) as checks_passed,
        count(*) filter (where not passed) as checks_warned,
        count(distinct check_name) filter (where not passed) as failed_check_count,
        string_agg(distinct check_name, ', ' order by check_name) filter (where not passed) as failed_checks,
        max(abs(difference)) filter (where not passed) as largest_difference

    from checks
    group by filing_id

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
        coalesce(per_filing.checks_warned, 0)::bigint as checks_warned,
        coalesce(per_filing.failed_check_count, 0)::bigint as failed_check_count,
        per_filing.failed_checks,
        per_filing.largest_difference::decimal(38, 12) as largest_difference

    from filings
    left join per_filing on filings.filing_id = per_filing.filing_id

)

select * from final
