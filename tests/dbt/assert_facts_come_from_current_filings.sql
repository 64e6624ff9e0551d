-- Pipeline guard (error): facts come only from the current filing of their (deal, distribution date),
-- and each (deal, distribution date) has exactly one current filing. Both hold deal by deal: the deals
-- that have a filing loaded since the last successful build (the others have not changed since it).
with

filings as (

    select * from {{ ref('dim_filing') }}
    where {{ deals_loaded_since_last_checked_build() }}

),

fact_filings as (

    select distinct
        filing_id,
        'fact_class_distribution' as fact
    from {{ ref('fact_class_distribution') }}
    where {{ deals_loaded_since_last_checked_build() }}
    union all
    select distinct
        filing_id,
        'fact_group_collateral' as fact
    from {{ ref('fact_group_collateral') }}
    where {{ deals_loaded_since_last_checked_build() }}
    union all
    select distinct
        filing_id,
        'fact_group_delinquency' as fact
    from {{ ref('fact_group_delinquency') }}
    where {{ deals_loaded_since_last_checked_build() }}
    union all
    select distinct
        filing_id,
        'fact_deal_distribution' as fact
    from {{ ref('fact_deal_distribution') }}
    where {{ deals_loaded_since_last_checked_build() }}

),

not_current as (

    select
        fact_filings.filing_id,
        fact_filings.fact || ' uses a filing that is not current' as problem

    from fact_filings
    inner join filings on fact_filings.filing_id = filings.filing_id
    where not filings.is_current

),

current_counts as (

    select
        max(filing_id) as filing_id,
        deal_id || ' ' || distribution_date || ' has ' || count(*) || ' current filings' as problem

    from filings
    where is_current
    group by deal_id, distribution_date
    having count(*) > 1

)

select * from not_current
union all
select * from current_counts
