{#-
    A seed is reloaded only when it changed. dbt's seed materialization empties and reloads every seed
    on every `dbt build`; the seeds are small, but an incremental build of 1% new filings spent ~1 s
    of its ~20 s reloading fifteen unchanged tables (docs/performance.md). This one keeps, per seed,
    a fingerprint of what was loaded (intermediate.seed_fingerprints: the CSV file's checksum, which
    dbt computes while parsing, and the seed's column types and CSV options) and, when the table
    exists and the fingerprint is the same, loads nothing (status `UNCHANGED`). Otherwise, or with
    `--full-refresh`, the table is dropped and dbt's own materialization creates and loads it (so a
    changed column type or constraint, declared in column_types, applies), then the fingerprint is
    recorded. The seed's tests (the relationships between seeds) run either way.
-#}
{% materialization seed, adapter='duckdb' %}
    {%- set fingerprint = seed_fingerprint(model) -%}
    {%- set old_relation = adapter.get_relation(database=database, schema=schema, identifier=model['alias']) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- if old_relation is not none and old_relation.is_table and not should_full_refresh()
        and seed_fingerprint_loaded(target_relation) == fingerprint -%}
        {#- dbt's seed task reads the loaded rows from this result (an empty table: none were read). -#}
        {%- do store_result('agate_table', response='UNCHANGED') -%}
        {%- call noop_statement('main', 'UNCHANGED', 'UNCHANGED', 0) -%}
            -- {{ target_relation }}: loaded from the same file, column types and options ({{ fingerprint }})
        {%- endcall -%}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}
    {#- A changed seed is created again, not emptied and reloaded as dbt does: its column types and
        constraints (column_types) may have changed with it. -#}
    {%- if old_relation is not none and old_relation.is_table -%}
        {%- do adapter.drop_relation(old_relation) -%}
    {%- endif -%}
    {%- set result = dbt.materialization_seed_default() -%}
    {%- call statement('record_seed_fingerprint') -%}
        delete from intermediate.seed_fingerprints where seed = '{{ target_relation.schema }}.{{ target_relation.identifier }}';
        insert into intermediate.seed_fingerprints
        values ('{{ target_relation.schema }}.{{ target_relation.identifier }}', '{{ fingerprint }}');
    {%- endcall -%}
    {{ adapter.commit() }}
    {{ return(result) }}
{% endmaterialization %}

{#- What a seed's table is loaded from: the file's checksum and the config that shapes the table. -#}
{% macro seed_fingerprint(model) -%}
    {%- set shape = {
        'column_types': model['config'].get('column_types', {}),
        'delimiter': model['config'].get('delimiter', ','),
        'quote_columns': model['config'].get('quote_columns', none),
    } -%}
    {{- return(local_md5(model['checksum']['checksum'] ~ tojson(shape, sort_keys=true))) -}}
{%- endmacro %}

{#- The fingerprint recorded when the seed's table was last loaded ('' when none). -#}
{% macro seed_fingerprint_loaded(relation) -%}
    {%- set found = run_query(
        "select fingerprint from intermediate.seed_fingerprints where seed = '"
        ~ relation.schema ~ "." ~ relation.identifier ~ "'"
    ) -%}
    {{- return(found.columns[0].values()[0] if found.rows | length else '') -}}
{%- endmacro %}
