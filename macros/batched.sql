{#-
    Materialization `batched`: an incremental model keyed on filing, built in batches of filings.

    The models that read every cell (the pivots, the class, group, deal and delinquency checks, the
    delinquency placement, coverage and label issues) hold a filing's cells in memory while they join
    them: built over every loaded filing at once, DuckDB's memory grows with the warehouse (20 GB for
    int_checks_class at 100k filings) and the build grows faster than the filings. Built batch by
    batch (var batch_filings, 5,000 filings by default), each statement holds one batch, so memory
    stays flat and time grows with the filings (smaller hash tables: 5,000 builds faster than 10,000,
    1,000 slower).

    The model's SQL filters its import CTEs with macro new_filings_only(), which in a batched model
    writes two placeholders (batch_bounds()): `filing_seq > <low> and filing_seq <= <high>`. This
    materialization reads the range to build, from the model's watermark (macro last_filing_seq; 0
    on a first or full-refresh build) to the highest filing_seq loaded, and runs the SQL once per
    batch with the bounds written in: the first batch of a full build creates the table beside the
    old one (swapped in at the end, as dbt's table materialization does), every other batch inserts
    into it. An incremental build of a model whose columns changed since its table was built (an
    upgrade) stops and asks for `dbt build --full-refresh`, as `on_schema_change='fail'` does. All
    batches run in one transaction: a build that fails leaves the table as it was. target/run holds
    the last batch's SQL.
-#}
{% materialization batched, adapter='duckdb' %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(target_relation, 'table') -%}
    {%- set full_build = existing_relation is none or should_full_refresh() or not existing_relation.is_table -%}

    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set first_seq = 0 if full_build else last_filing_seq() -%}
    {%- set loaded = run_query(
        'select coalesce(max(filing_seq), 0) from ' ~ source('edgar', 'filings')
    ).columns[0].values()[0] | int -%}
    {%- set size = var('batch_filings') | int -%}
    {#- At least one batch: with no new filing it reads nothing (and a first build creates the table). -#}
    {%- set n_batches = [((loaded - first_seq + size - 1) // size), 1] | max -%}
    {%- set bounds = batch_bounds() -%}

    {%- if not full_build -%}
        {#- A model whose columns changed since its table was built (an upgrade) needs a full refresh. -#}
        {%- set built = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
        {%- set now = get_columns_in_query(compiled_code) -%}
        {%- if built != now -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built with columns ' ~ built | join(', ') ~ '; the model now has ' ~ now | join(', ')
                ~ ': run `dbt build --full-refresh` once.'
            ) }}
        {%- endif -%}
    {%- endif -%}

    {%- for batch in range(n_batches) -%}
        {%- set low = first_seq + batch * size -%}
        {%- set batch_sql = compiled_code
            | replace(bounds.low, low | string)
            | replace(bounds.high, (low + size) | string) -%}
        {%- if full_build and loop.first -%}
            {%- set build_sql = create_table_as(False, intermediate_relation, batch_sql) -%}
        {%- else -%}
            {%- set build_sql = 'insert into ' ~ (intermediate_relation if full_build else target_relation)
                ~ ' select * from (' ~ batch_sql ~ ')' -%}
        {%- endif -%}
        {% call statement('main') -%}
            {{ build_sql }}
        {%- endcall %}
    {%- endfor -%}

    {%- if full_build -%}
        {%- if existing_relation is not none -%}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {%- endif -%}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#-
    The placeholders of a batch's filing_seq range in a batched model's SQL: numbers no filing has
    (a model run with them unreplaced reads no filing).
-#}
{% macro batch_bounds() -%}
    {{ return({'low': '-900000000000001', 'high': '-900000000000002'}) }}
{%- endmacro %}
