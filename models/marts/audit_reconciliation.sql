{#-
    Grain: one row per filing x check x subject. A view over intermediate.int_checks_unioned (the
    union of the stored, incrementally built check rows of each kind) that joins in, when it is read, what can change after a
    row was computed: the filing's deal, distribution date and whether it is current (a later
    amendment supersedes a filing without touching its check rows), and the rule of the check (seed
    reconciliation_rules).
-#}
{{ config(materialized='view') }}

with

checks as (

    select * from {{ ref('int_checks_unioned') }}

),

filings as (

    select * from {{ ref('dim_filing') }}

),

rules as (

    select * from {{ ref('reconciliation_rules') }}

),

final as (

    select
        checks.filing_id,
        checks.filing_seq,
        filings.deal_id,
        filings.distribution_date,
        filings.is_current,
        checks.check_name,
        checks.subject,
        case when checks.class_name is not null then filings.deal_id || ':' || checks.class_name end as class_id,
        checks.class_name,
        checks.loan_group,
        checks.measure,
        checks.table_role,
        checks.expected,
        checks.actual,
        checks.difference,
        checks.tolerance,
        checks.passed,
        checks.figures,
        rules.rule,
        rules.tolerance_description,
        checks.computed_at

    from checks
    left join filings on checks.filing_id = filings.filing_id
    left join rules on checks.check_name = rules.check_name

)

select * from final
