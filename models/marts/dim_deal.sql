{#-
    Grain: one row per deal (deal_id: shelf code and series as printed, e.g. 'thb-2003-1') of any
    loaded filing. Names come from the deal's latest current filing (else its latest filing: a deal
    whose only filings are withheld is still a deal); the distribution history counts current
    filings only.

    Incremental by deal: a build recomputes the deals that have a new filing (changed_scope deal).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where deal_id is not null and {{ changed_only('deal', 'deal_id') }}

),

identified as (

    select * from {{ ref('int_filings_identified') }}
    where {{ changed_only('deal', 'deal_id') }}

),

latest as (

    select
        filings.deal_id,
        identified.shelf_code,
        identified.series,
        identified.issuer_title,
        filings.cik,
        filings.company_name,
        row_number() over (
            partition by filings.deal_id
            order by filings.is_current desc, filings.distribution_date desc, filings.filing_id asc
        ) as recency

    from filings
    inner join identified on filings.filing_id = identified.filing_id

),

history as (

    select
        deal_id,
        min(distribution_date) filter (where is_current) as first_distribution_date,
        max(distribution_date) filter (where is_current) as last_distribution_date,
        count(*) filter (where is_current) as distribution_count,
        max(cik) as cik

    from filings
    group by deal_id

),

final as (

    select
        latest.deal_id,
        coalesce(latest.issuer_title || ', ', '') || 'Series ' || latest.series as deal_name,
        latest.series,
        latest.shelf_code,
        latest.issuer_title as issuer_name,
        history.cik,
        latest.company_name,
        history.first_distribution_date,
        history.last_distribution_date,
        history.distribution_count::integer as distribution_count

    from latest
    inner join history on latest.deal_id = history.deal_id
    where latest.recency = 1

)

select * from final
