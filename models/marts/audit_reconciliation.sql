{#-
    Grain: one row per filing x check x subject (a class, a group, a statement line).
    Every reconciliation check of every loaded filing (current or not), and the month-to-month
    continuity checks of each deal's current filings, with the printed figure
    (actual), what the report's other figures imply (expected), their difference and the tolerance.
    A check fails when a side is missing or |difference| > tolerance.
-#}
with

class_checks as (

    select * from {{ ref('int_checks_class') }}

),

group_checks as (

    select * from {{ ref('int_checks_group') }}

),

deal_checks as (

    select * from {{ ref('int_checks_deal') }}

),

delinquency_checks as (

    select * from {{ ref('int_checks_delinquency') }}

),

continuity_checks as (

    select * from {{ ref('int_checks_continuity') }}

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
        filing_id,
        check_name,
        subject,
        expected,
        actual,
        actual - expected as difference,
        tolerance,
        coalesce(abs(actual - expected) <= tolerance, false) as passed

    from unioned

)

select * from final
