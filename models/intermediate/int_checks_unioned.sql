{#-
    Grain: one row per filing x check x subject (a class, a group, a statement line).
    The stored rows of marts.audit_reconciliation (a view over this table that adds what changes
    after a row is computed: whether its filing is current, and the rule text of the check).
    Every reconciliation check of every loaded filing (current or not), and the month-to-month
    continuity checks of each deal's current filings, with the printed figure
    (actual), what the report's other figures imply (expected), their difference and the tolerance,
    and the subject's structured keys (class_name, loan_group, measure, table_role).
    A check fails when a side is missing or |difference| > tolerance. Only the checks the filing's
    report family applies are kept (seed report_family_checks), with the family's tolerance where it
    sets one.

    Incremental: a build appends the per-filing checks of the new filings (numbered above the highest
    filing_seq this table holds) and replaces the continuity checks of every deal a new filing
    belongs to (a new month or an amendment changes its neighbours' continuity; the pre-hook deletes
    those deals' continuity rows first). A filing's own checks never change once computed.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_continuity_checks_of_new_deals() }}",
) }}

with

class_checks as (

    select * from {{ ref('int_checks_class') }}
    where {{ new_filings_only() }}

),

group_checks as (

    select * from {{ ref('int_checks_group') }}
    where {{ new_filings_only() }}

),

deal_checks as (

    select * from {{ ref('int_checks_deal') }}
    where {{ new_filings_only() }}

),

delinquency_checks as (

    select * from {{ ref('int_checks_delinquency') }}
    where {{ new_filings_only() }}

),

continuity_checks as (

    select * exclude (deal_id) from {{ ref('int_checks_continuity') }}
    where deal_id in ({{ deals_with_new_filings() }})

),

applicable as (

    -- The checks the filing's report family applies (seed report_family_checks), with the family's
    -- tolerance where it sets one.
    select
        families.filing_id,
        checks.check_name,
        checks.tolerance_override

    from {{ ref('int_filing_families') }} as families
    inner join {{ ref('report_family_checks') }} as checks on families.report_family = checks.report_family

),

unioned as (

    select * from class_checks
    union all
    select * from group_checks
    union all
    select * from deal_checks
    union all
    select * from delinquency_checks
    union all
    select * from continuity_checks

),

final as (

    select
        unioned.filing_id,
        unioned.filing_seq,
        unioned.check_name,
        unioned.subject,
        unioned.class_name,
        unioned.loan_group,
        unioned.measure,
        unioned.table_role,
        unioned.expected,
        unioned.actual,
        unioned.actual - unioned.expected as difference,
        coalesce(applicable.tolerance_override, unioned.tolerance)::decimal(38, 12) as tolerance,
        coalesce(
            abs(unioned.actual - unioned.expected) <= coalesce(applicable.tolerance_override, unioned.tolerance), false
        ) as passed,
        {{ build_started_at() }} as computed_at

    from unioned
    inner join applicable
        on
            unioned.filing_id = applicable.filing_id
            and unioned.check_name = applicable.check_name

)

select * from final
