-- Pipeline guard (error): every complete filing has rows of every reconciliation check. A check with
-- no rows (a join that lost its subjects, a measure that stopped landing) would pass silently.
with

complete_filings as (

    select filing_id from {{ ref('dim_filing') }}
    where is_complete

),

checks as (

    select unnest({{ reconciliation_checks() }}) as check_name

),

audited as (

    select distinct
        filing_id,
        check_name

    from {{ ref('audit_reconciliation') }}

)

select
    complete_filings.filing_id,
    checks.check_name

from complete_filings
cross join checks
left join audited
    on
        complete_filings.filing_id = audited.filing_id
        and checks.check_name = audited.check_name
where audited.check_name is null
