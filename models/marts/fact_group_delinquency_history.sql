{#-
    Grain: one row per loan group x status x bucket x distribution date x filing that reported it:
    every version of each printed delinquency cell (Totals rows and Total column excluded), from every
    loaded filing of the deal and date. report_version as in fact_class_distribution_history.

    A view over int_delinquency_cells and dim_filing (report_version is numbered when it is read): the figures
    are stored once, in the intermediate table.
-#}
{{ config(materialized='view') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}, {{ ref('delinquency_measures') }}
with

filings as (

    select * from {{ ref('dim_filing') }}
    where deal_id is not null and distribution_date is not null

),

delinquency as (

    select * from {{ ref('int_delinquency_cells') }}
    where not is_total_status and not is_total_bucket

),

final as (

    select
        filings.deal_id,
        filings.distribution_date,
        delinquency.loan_group,
        delinquency.status,
        delinquency.bucket_days_min,
        {{ history_filing_columns('filings', 'delinquency.filing_seq', 'filings.deal_id, filings.distribution_date, delinquency.loan_group, delinquency.status, delinquency.bucket_days_min') }}{%- for measure in history_measures('delinquency') %},
        delinquency.{{ measure }}
        {%- endfor %}

    from delinquency
    inner join filings on delinquency.filing_id = filings.filing_id

)

select * from final
