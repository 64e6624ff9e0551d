{#-
    Grain: one row per loan group x distribution date x filing that reported it: every version of
    the group statement's figures (Total column excluded), from every loaded filing of the deal and
    date. report_version as in fact_class_distribution_history (1 = as first reported).

    A view over int_groups_pivoted and dim_filing (report_version is numbered when it is read): the figures
    are stored once, in the intermediate table.
-#}
{{ config(materialized='view') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}, {{ ref('delinquency_measures') }}
with

filings as (

    select * from {{ ref('dim_filing') }}
    where deal_id is not null and distribution_date is not null

),

group_statements as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total

),

final as (

    select
        filings.deal_id,
        filings.distribution_date,
        group_statements.loan_group,
        {{ history_filing_columns('filings', 'group_statements.filing_seq', 'filings.deal_id, filings.distribution_date, group_statements.loan_group') }}{%- for measure in history_measures('group') %},
        group_statements.{{ measure }}
        {%- endfor %}

    from group_statements
    inner join filings on group_statements.filing_id = filings.filing_id

)

select * from final
