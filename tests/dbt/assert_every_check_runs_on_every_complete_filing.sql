-- Pipeline guard (error): every complete filing has rows of every reconciliation check its report family applies. A check with
-- no rows (a join that lost its subjects, a measure that stopped landing) would pass silently.
with

complete_filings as (

    select filing_id from {{ ref('dim_filing') }}
    where
        is_complete
        and filing_id in (
            select loaded.filing_id from {{ source('edgar', 'filings') }} as loaded
            where {{ loaded_since_last_checked_build('loaded.filing_seq') }}
        )

),

checks as (

    -- The per-filing checks of each complete filing's report family (continuity checks need a prior month).
    select
        families.filing_id,
        family_checks.check_name

    from {{ ref('int_filing_families') }} as families
    inner join {{ ref('report_family_checks') }} as family_checks
        on families.report_family = family_checks.report_family
    where not family_checks.is_continuity

),

audited as (

    select distinct
        filing_id,
        check_name

    from {{ ref('audit_reconciliation') }}
    where {{ computed_since_last_checked_build() }}

)

select
    complete_filings.filing_id,
    checks.check_name

from complete_filings
inner join checks on complete_filings.filing_id = checks.filing_id
left join audited
    on
        complete_filings.filing_id = audited.filing_id
        and checks.check_name = audited.check_name
where audited.check_name is null
