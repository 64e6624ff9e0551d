{#-
    One row per filing: its report family (seed report_families), told by which family's signature
    tables (seed report_family_signatures) the report prints. The family with the most signature
    tables present wins, ties by the family's priority; var unknown_report_family ('unknown') when none is present (its tables
    then have no role and the filing is incomplete). Incremental, keyed on filing.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

filings as (

    select * from {{ ref('stg_edgar__filings') }}
    where {{ new_filings_only() }}

),

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}
    where {{ new_filings_only() }}

),

families as (

    select * from {{ ref('report_families') }}

),

signatures as (

    select * from {{ ref('report_family_signatures') }}

),

matches as (

    select
        report_tables.filing_id,
        signatures.report_family,
        count(distinct signatures.table_pattern) as n_signatures

    from report_tables
    inner join signatures on report_tables.table_key like signatures.table_pattern
    group by report_tables.filing_id, signatures.report_family

),

ranked as (

    select
        matches.filing_id,
        matches.report_family,
        matches.n_signatures,
        row_number() over (
            partition by matches.filing_id
            order by matches.n_signatures desc, families.priority asc, matches.report_family asc
        ) as family_rank

    from matches
    inner join families on matches.report_family = families.report_family

),

final as (

    select
        filings.filing_id,
        filings.filing_seq,
        coalesce(ranked.report_family, '{{ var("unknown_report_family") }}') as report_family,
        coalesce(ranked.n_signatures, 0) as signature_tables

    from filings
    left join ranked
        on
            filings.filing_id = ranked.filing_id
            and ranked.family_rank = 1

)

select * from final
