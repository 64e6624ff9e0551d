{#-
    Grain: one row per filing x check x subject (a class, a group, a statement line).
    The stored rows of marts.audit_reconciliation (a view over this table that adds what changes
    after a row is computed: whether its filing is current, and the rule text of the check).
    Every reconciliation check of every loaded filing (current or not), and the month-to-month
    continuity checks of each deal's current filings, with the printed figure
    (actual), what the report's other figures imply (expected), their difference and the tolerance,
    and the subject's structured keys (class_name, loan_group, measure, table_role).
    A check fails when a side is missing or |difference| > tolerance.

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
        filing_seq,
        check_name,
        subject,
        class_name,
        loan_group,
        measure,
        table_role,
        expected,
        actual,
        actual - expected as difference,
        tolerance,
        coalesce(abs(actual - expected) <= tolerance, false) as passed,
        {{ build_started_at() }} as computed_at

    from unioned

)

select * from final
