{#-
    Grain: one row per filing x check x subject (a class, a group, a statement line).
    The rows of marts.audit_reconciliation (a view over this one that adds what changes after a row
    is computed: whether its filing is current, and the rule text of the check).
    Every reconciliation check of every loaded filing (current or not), and the month-to-month
    continuity checks of each deal's current filings, with the printed figure
    (actual), what the report's other figures imply (expected), their difference and the tolerance,
    and the subject's structured keys (class_name, loan_group, measure, table_role).
    A check fails when a side is missing or |difference| > tolerance. Only the checks the filing's
    report family applies are kept (seed report_family_checks), with the family's tolerance where it
    sets one.

    A view: the check rows are stored once, in the per-kind models it unions (int_checks_class,
    _group, _deal, _delinquency: incremental by filing, a filing's checks never change once
    computed; int_checks_continuity: recomputed deal by deal when a deal has a new filing).
-#}
{{ config(materialized='view') }}

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

    select * exclude (deal_id) from {{ ref('int_checks_continuity') }}

),

families as (

    select * from {{ ref('int_filing_families') }}

),

family_checks as (

    -- The checks each report family applies (seed report_family_checks), with the family's tolerance
    -- where it sets one.
    select * from {{ ref('report_family_checks') }}

),

unioned as (

    -- check_source: the model that stores the row (continuity rows are recomputed deal by deal; the
    -- others never change once computed: int_filing_check_counts summarises those once per filing).
    select
        *,
        'class' as check_source
    from class_checks
    union all
    select
        *,
        'group' as check_source
    from group_checks
    union all
    select
        *,
        'deal' as check_source
    from deal_checks
    union all
    select
        *,
        'delinquency' as check_source
    from delinquency_checks
    union all
    select
        *,
        'continuity' as check_source
    from continuity_checks

),

final as (

    select
        families.filing_id,
        unioned.filing_seq,
        unioned.check_name,
        unioned.subject,
        unioned.class_name,
        unioned.loan_group,
        unioned.measure,
        unioned.table_role,
        -- Stored as an offset from the printed figure (macro check_row).
        coalesce(unioned.actual, 0) + unioned.expected_offset as expected,
        unioned.actual,
        case when unioned.actual is not null then -unioned.expected_offset end as difference,
        coalesce(family_checks.tolerance_override, unioned.tolerance)::decimal(38, 12) as tolerance,
        {{ check_passes(
            'unioned.actual', 'unioned.expected_offset',
            'coalesce(family_checks.tolerance_override, unioned.tolerance)') }} as passed,
        unioned.figures,
        unioned.computed_at,
        unioned.check_source

    -- A row is kept when its filing's family applies its check. Joined row by row (a filing's family,
    -- then the family's check), not through every filing x check of the families: that product (40
    -- rows a filing) was the build side of the join even when a test's filter left no check row.
    from unioned
    inner join families on unioned.filing_seq = families.filing_seq
    left join family_checks
        on
            families.report_family = family_checks.report_family
            and unioned.check_name = family_checks.check_name
    where (families.report_family, unioned.check_name) in (
        select
            applied.report_family,
            applied.check_name
        from family_checks as applied
    )

)

select * from final
