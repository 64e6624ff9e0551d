{#-
    The marts' key columns are NOT NULL by their enforced contracts (`constraints: - type: not_null`
    in their YAML): DuckDB refuses a build that would write a NULL there (an error: a break of our
    pipeline, not of a report), at no cost of a test node per column. A table is created with its
    constraints; an incremental table created before a column's constraint was declared gets it here,
    at the start of a build (`alter table ... set not null`, which checks the rows it holds), so an
    upgraded warehouse is held to the same rule as a new one. Not on --full-refresh, which recreates
    the tables with their constraints.
-#}
{% macro add_not_null_constraints() -%}
    {%- if execute and not flags.FULL_REFRESH -%}
        {%- set declared = [] -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.config.materialized in ('table', 'incremental')
            and node.config.contract.enforced -%}
            {%- for column in node.columns.values() -%}
                {%- for constraint in column.constraints if constraint.type == 'not_null' -%}
                    {%- do declared.append("('" ~ node.schema ~ "', '" ~ node.alias ~ "', '" ~ column.name ~ "')") -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if declared -%}
            {%- set nullable = run_query(
                'select columns.table_schema, columns.table_name, columns.column_name '
                ~ 'from information_schema.columns as columns '
                ~ 'inner join (values ' ~ declared | join(', ') ~ ') as declared (table_schema, table_name, column_name) '
                ~ 'on columns.table_schema = declared.table_schema and columns.table_name = declared.table_name '
                ~ 'and columns.column_name = declared.column_name '
                ~ "where columns.table_catalog = current_database() and columns.is_nullable = 'YES' "
                ~ 'order by all'
            ).rows -%}
            {%- for row in nullable -%}
                {%- do run_query('alter table ' ~ adapter.quote(row[0]) ~ '.' ~ adapter.quote(row[1])
                    ~ ' alter column ' ~ adapter.quote(row[2]) ~ ' set not null') -%}
                {%- do log('Added NOT NULL to ' ~ row[0] ~ '.' ~ row[1] ~ '.' ~ row[2] ~ ' (declared by its contract)', info=True) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
