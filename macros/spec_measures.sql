{#-
    The measures a pivot holds, read from the report-family spec (seeds report_labels and
    report_tables) when the model compiles, so that a measure added to the seed becomes a column
    without editing model SQL. `where` filters the labels (columns: labels.*, roles.subject_axis);
    returns a list of {measure, unit, alias} sorted by alias: the alias is the measure, with
    `_per_1000` for a factor. Before the seeds are built (while dbt parses, or a lint on an empty
    target) the list is empty. A model that calls it must declare `-- depends_on:` both seeds.
-#}
{% macro spec_measures(where) -%}
    {%- set labels = ref('report_labels') -%}
    {%- set roles = ref('report_tables') -%}
    {%- if not execute or adapter.get_relation(labels.database, labels.schema, labels.identifier) is none -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set query -%}
        select distinct
            labels.measure,
            labels.unit,
            labels.measure || case when labels.unit = 'per_1000' then '_per_1000' else '' end as alias
        from {{ labels }} as labels
        inner join {{ roles }} as roles
            on labels.report_family = roles.report_family and labels.table_pattern = roles.table_pattern
        where {{ where }}
        order by alias, labels.unit
    {%- endset -%}
    {%- set measures = [] -%}
    {%- set seen = [] -%}
    {%- for row in run_query(query).rows -%}
        {%- set alias = row[2] if row[2] not in seen else row[2] ~ '_' ~ row[1] -%}
        {%- do seen.append(alias) -%}
        {%- do measures.append({'measure': row[0], 'unit': row[1], 'alias': alias}) -%}
    {%- endfor -%}
    {{- return(measures) -}}
{%- endmacro %}

{#- The pivoted columns of `spec_measures(where)`, one pivot_measure each (trailing commas). -#}
{% macro pivot_spec_measures(where, primary_only=false) -%}
    {%- for m in spec_measures(where) %}
        {{ pivot_measure(m.measure, m.unit, primary_only=(primary_only and m.unit != 'text'), alias=m.alias) }},
    {%- endfor %}
{%- endmacro %}
