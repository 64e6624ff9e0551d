{#-
    Grain: one row per filing x check x subject (a class, a group, a statement line).
    Every reconciliation check of every loaded filing (current or not), and the month-to-month
    continuity checks of each deal's current filings, with the printed figure
    (actual), what the report's other figures imply (expected), their difference and the tolerance.
    A check fails when a side is missing or |difference| > tolerance.

    Incremental by filing (delete+insert): a build recomputes the rows of new filings and of every
    filing of the deals they belong to (a new month or an amendment changes its neighbours'
    continuity checks); the per-filing checks it unions are incremental themselves.
-#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='filing_id', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('int_filings_identified') }}

),

affected as (

    select filings.filing_id
    from filings
    {% if is_incremental() -%}
        where
            filings.filing_id not in (select already.filing_id from {{ this }} as already)
            or filings.deal_id in (
                select new_filings.deal_id
                from filings as new_filings
                where new_filings.filing_id not in (select already.filing_id from {{ this }} as already)
            )
    {%- endif %}

),

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
    where filing_id in (select affected.filing_id from affected)

)

select * from final
