{#-
    The figures whose every reported version the history marts keep and audit_restatements compares:
    the numeric measures of each fact, by history mart, read from the report-family spec when the model
    compiles (as the pivots are): the class measures (seed report_labels, class tables' column labels),
    the group measures (group tables' row labels) and the delinquency cell's measures (seed
    delinquency_measures). Text and date measures (CUSIP, descriptions) are not compared. A model that
    calls it must declare `-- depends_on:` the seeds report_labels, report_tables and
    delinquency_measures. Empty before the seeds are built (while dbt parses, or a lint).
-#}
{% macro history_measures(history) -%}
    {%- if history == 'delinquency' -%}
        {%- set seed = ref('delinquency_measures') -%}
        {%- if not execute or adapter.get_relation(seed.database, seed.schema, seed.identifier) is none -%}
            {{- return([]) -}}
        {%- endif -%}
        {{- return(run_query('select distinct measure from ' ~ seed ~ ' order by measure').columns[0].values() | list) -}}
    {%- endif -%}
    {#- The same filters as the pivots' (int_classes_pivoted, int_groups_pivoted), so the names are their columns'. -#}
    {%- set where = {
        'class': "roles.subject_axis = 'class' and labels.axis = 'column'",
        'group': "roles.subject_axis in ('group_columns', 'group_rows') and labels.axis = 'row'"
            ~ " and labels.measure != 'group_heading'",
    } -%}
    {{- return(spec_measures(where[history]) | rejectattr('unit', 'in', ['text', 'date']) | map(attribute='alias') | list) -}}
{%- endmacro %}

{#- The filing columns of a history mart: which filing reported the figures, and in which order. -#}
{% macro history_filing_columns(filings, seq, version_partition) -%}
    {{ filings }}.filing_id,
    {{ filings }}.accession_number,
    {{ filings }}.form_type,
    {{ filings }}.filed_date,
    {{ seq }} as filing_seq,
    {{ filings }}.is_amendment,
    {{ filings }}.is_complete,
    {{ filings }}.is_current,
    row_number() over (
        partition by {{ version_partition }}
        order by {{ filings }}.is_amendment, {{ filings }}.filed_date nulls last, {{ seq }}
    )::integer as report_version
{%- endmacro %}

{#-
    One row per figure of `history` (a history mart): subject, measure and value (DECIMAL(38,10)),
    with the filing and its report_version; only of the (deal_id, distribution_date) pairs that
    `dates` lists (one row each), and of the rows `where` keeps (a filter on the history's deal_id,
    which DuckDB applies where it scans the filings, before the history numbers the versions).
-#}
{% macro unpivot_history(history, subject_type, subject, dates, where='true') -%}
    {%- set measures = history_measures(subject_type) -%}
    select
        deal_id,
        distribution_date,
        '{{ subject_type }}' as subject_type,
        {{ subject }} as subject,
        filing_id,
        report_version,
        is_current,
        unnest([{%- for m in measures %}'{{ m }}'{{ ', ' if not loop.last }}{% endfor -%}]) as measure,
        unnest([{%- for m in measures %}{{ m }}::decimal(38, 10){{ ', ' if not loop.last }}{% endfor -%}]) as value
    from {{ history }}
    inner join {{ dates }} using (deal_id, distribution_date)
    where {{ where }}
{%- endmacro %}

{#-
    Filter of audit_restatements' import CTEs: on an incremental build, `column` is a deal of the new
    filings one of whose new (deal, distribution date) more than one filing reports (dim_filing), a
    list of constants read when the model compiles, as the changed deals are (macro changed_deals).
    A date reported once has no restatement: a new month, nearly every new filing, reads nothing
    (the list is NULL), where the changed deals' whole history was read and unpivoted before the
    dates were matched. The rows are still deleted by the new filings' dates (changed_scope date), so
    a date whose restatements an amendment undid loses them. True on a full build.
-#}
{% macro restatable_deals_only(column='deal_id') -%}
    {%- if not is_incremental() -%}
        {{- return('true') -}}
    {%- endif -%}
    {%- if 'mbs_restatable_deals' not in model -%}
        {%- set deals = run_query(
            'select distinct filings.deal_id from ' ~ ref('dim_filing') ~ ' as filings'
            ~ ' where (filings.deal_id, filings.distribution_date) in (' ~ changed_keys('date') ~ ')'
            ~ ' group by filings.deal_id, filings.distribution_date having count(*) > 1 order by 1'
        ).columns[0].values() -%}
        {%- do model.update({'mbs_restatable_deals': sql_literals(deals)}) -%}
    {%- endif -%}
    {{- return(column ~ ' in (' ~ model['mbs_restatable_deals'] ~ ')') -}}
{%- endmacro %}
