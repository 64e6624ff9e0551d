{#-
    Grain: one row per bond class x distribution date x filing that reported it: every version of
    the class figures, from every loaded filing of the deal and date (the original, its amendments,
    duplicates), not only the current one. report_version orders the filings of a (deal, date):
    originals before amendments, then by filed date (a bare document has none: last), then load
    order; version 1 is the figure as first reported, is_current the one fact_class_distribution
    shows.

    A view over int_classes_pivoted and dim_filing (report_version is numbered when it is read): the figures
    are stored once, in the intermediate table.
-#}
{{ config(materialized='view') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}, {{ ref('delinquency_measures') }}
with

filings as (

    select * from {{ ref('dim_filing') }}
    where deal_id is not null and distribution_date is not null

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total

),

final as (

    select
        filings.deal_id,
        filings.deal_id || ':' || classes.class_name as class_id,
        filings.distribution_date,
        classes.class_name,
        {{ history_filing_columns('filings', 'classes.filing_seq', 'filings.deal_id, filings.distribution_date, classes.class_name') }},
        {%- for measure in history_measures('class') %}
        classes.{{ measure }},
        {%- endfor %}
        case when {{ is_cusip('classes.cusip') }} then classes.cusip end as cusip,
        classes.cusip as cusip_as_printed

    from classes
    inner join filings on classes.filing_id = filings.filing_id

)

select * from final
