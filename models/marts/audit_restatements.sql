{#-
    Grain: one row per figure (deal x distribution date x subject x measure) whose current value
    differs from the value as first reported: what amendments (or a later filing that superseded the
    first) changed. Subjects: a class ("A-1"), a group ("Group 1") or a delinquency cell
    ("Group 1 delinquent 30"). Read from the history marts: first = report_version 1, current =
    is_current. A figure unreadable or not printed in one of the two has that value NULL; a subject
    (class, group, cell) that only one of the two filings prints is not compared.

    Only a (deal, distribution date) that more than one filing reports can be restated: the figures
    of every other date (nearly all) are not unpivoted.

    Incremental by (deal, distribution date): only a new filing of a date (an amendment, a duplicate)
    changes its restatements, so a build recomputes the dates of the new filings (changed_scope
    date; a date whose restatements an amendment undid loses its rows), reading only the deals where
    such a date is reported more than once (macro restatable_deals_only).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='date', on_schema_change='fail') }}
-- depends_on: {{ ref('report_labels') }}, {{ ref('report_tables') }}, {{ ref('delinquency_measures') }}
with

filings as (

    select * from {{ ref('dim_filing') }}
    where {{ restatable_deals_only('deal_id') }} and {{ changed_only('date', '(deal_id, distribution_date)') }}

),

reported_more_than_once as (

    select
        deal_id,
        distribution_date

    from filings
    where deal_id is not null and distribution_date is not null
    group by deal_id, distribution_date
    having count(*) > 1

),

class_versions as (

    {{ unpivot_history(
        ref('fact_class_distribution_history'), 'class', 'class_name', 'reported_more_than_once',
        restatable_deals_only('deal_id')
    ) }}

),

group_versions as (

    {{ unpivot_history(
        ref('fact_group_collateral_history'), 'group', "'Group ' || loan_group", 'reported_more_than_once',
        restatable_deals_only('deal_id')
    ) }}

),

delinquency_versions as (

    {{ unpivot_history(
        ref('fact_group_delinquency_history'), 'delinquency',
        "'Group ' || loan_group || ' ' || status || ' ' || bucket_days_min",
        'reported_more_than_once', restatable_deals_only('deal_id')
    ) }}

),

versions as (

    select * from class_versions
    union all
    select * from group_versions
    union all
    select * from delinquency_versions

),

first_reported as (

    select * from versions
    where report_version = 1

),

current_version as (

    select * from versions
    where is_current

),

final as (

    select
        first_reported.deal_id,
        first_reported.distribution_date,
        first_reported.subject_type,
        first_reported.subject,
        first_reported.measure,
        first_reported.value as first_reported_value,
        current_version.value as current_value,
        current_version.value - first_reported.value as difference,
        first_reported.filing_id as first_filing_id,
        first_filings.accession_number as first_accession_number,
        first_filings.form_type as first_form_type,
        first_filings.filed_date as first_filed_date,
        current_version.filing_id as current_filing_id,
        current_filings.accession_number as current_accession_number,
        current_filings.form_type as current_form_type,
        current_filings.filed_date as current_filed_date

    from first_reported
    inner join current_version
        on
            first_reported.deal_id = current_version.deal_id
            and first_reported.distribution_date = current_version.distribution_date
            and first_reported.subject_type = current_version.subject_type
            and first_reported.subject = current_version.subject
            and first_reported.measure = current_version.measure
    inner join filings as first_filings on first_reported.filing_id = first_filings.filing_id
    inner join filings as current_filings on current_version.filing_id = current_filings.filing_id
    where
        first_reported.filing_id != current_version.filing_id
        and first_reported.value is distinct from current_version.value

)

select * from final
