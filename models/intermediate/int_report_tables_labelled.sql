{#-
    One row per complete (terminated) table segment of a filing, with the role its report family's
    spec gives it (seed report_tables, on the filing's report_family from int_filing_families): the
    table's role, subject axis and class-row pattern, and its factor denomination. A table cut off
    before its </TABLE> is not trusted and is not here (audit_parse_issues lists it). Incremental,
    keyed on filing.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}
    where is_terminated and {{ new_filings_only() }}

),

families as (

    select * from {{ ref('int_filing_families') }}
    where {{ new_filings_only() }}

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

final as (

    select
        report_tables.filing_id,
        report_tables.filing_seq,
        report_tables.table_ordinal,
        report_tables.table_segment,
        report_tables.table_title,
        report_tables.table_key,
        report_tables.factor_denomination,
        families.report_family,
        table_roles.table_role,
        table_roles.subject_axis,
        table_roles.subject_pattern

    from report_tables
    inner join families on report_tables.filing_id = families.filing_id
    left join table_roles
        on
            families.report_family = table_roles.report_family
            and report_tables.table_key like table_roles.table_pattern

)

select * from final
