{#-
    One row per filing that has check rows of the kinds computed filing by filing (class, group, deal
    and delinquency checks: every check of int_checks_unioned but the continuity checks): how many ran
    and passed, the names of those that failed (sorted, each once) and their largest difference.
    These rows never change once a filing is checked, so the model is batched, keyed on filing;
    marts.audit_filing_summary adds the continuity checks, which a deal's later filings change, deal
    by deal.
-#}
{{ config(materialized='batched') }}

with

checks as (

    select
        filing_seq,
        check_name,
        passed,
        difference,
        figures

    from {{ ref('int_checks_unioned') }}
    where check_source != 'continuity' and {{ new_filings_only() }}

),

final as (

    select
        filing_seq,
        {{ check_counts() }}

    from checks
    group by filing_seq

)

select * from final
