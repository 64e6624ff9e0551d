{#-
    The per-filing intermediate models are incremental, keyed on filing: a build processes only the
    filings the model does not hold yet. The loader numbers filings in the order they land
    (filing_seq, on every raw row), so "not held yet" is "numbered above the highest number the
    model has processed" (macro last_filing_seq). That number is read once per model when the build
    compiles it and written into the SQL as a constant, so DuckDB skips every row group of older
    filings by its min/max statistics instead of scanning them. This is the filter for the models'
    import CTEs (true on a full build); in a batched model it is the batch's range, which the
    materialization writes in (macros/batched.sql). After changing a seed or upgrading the parser,
    rebuild with `dbt build --full-refresh`.
-#}
{% macro new_filings_only(column='filing_seq') -%}
    {%- if config.get('materialized') == 'batched' -%}
        {#- The batch's range, written in by the materialization (macros/batched.sql). -#}
        {{ column }} > {{ batch_bounds().low }} and {{ column }} <= {{ batch_bounds().high }}
    {%- elif is_incremental() -%}
        {{ column }} > {{ last_filing_seq() }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#-
    The highest filing_seq the model being built has processed (0 when empty; 0 while dbt only
    parses): its watermark (macro record_watermark), or the highest filing_seq it holds where it has
    none yet (a table built before watermarks were kept), whichever is higher. A table built before
    the loader numbered filings has no filing_seq: the build stops and says to full-refresh. Read
    once per model: the number is kept in the model's context (`model`, one dict per node being
    compiled) for the model's other import CTEs.
-#}
{% macro last_filing_seq() -%}
    {%- if not execute -%}
        {{- return(0) -}}
    {%- endif -%}
    {%- if 'mbs_last_filing_seq' not in model -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- if 'filing_seq' not in columns -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built before filings were numbered (filing_seq): run `dbt build --full-refresh` once.'
            ) }}
        {%- endif -%}
        {%- set result = run_query(
            'select greatest(coalesce(max(filing_seq), 0), coalesce((select max(watermarks.last_filing_seq)'
            ~ ' from intermediate.incremental_watermarks as watermarks'
            ~ " where watermarks.model = '" ~ watermark_name() ~ "'), 0)) as last_seq from " ~ this
        ) -%}
        {%- do model.update({'mbs_last_filing_seq': result.columns[0].values()[0] | int}) -%}
    {%- endif -%}
    {{- return(model['mbs_last_filing_seq']) -}}
{%- endmacro %}

{#-
    A post-hook of every incremental model (dbt_project.yml): once the model is built, it has processed
    every filing loaded (one writer per file: no filing lands during a build), so its watermark is the
    highest filing_seq of raw.filings. Without it a model that holds no row for some filings
    (int_label_issues: only the filings with an unmapped label; int_report_labels_mapped: the first
    filing of each distinct label) would look, by the highest filing_seq it holds, as if it had never
    seen the filings after that one, and would read them again on every build. A build that fails
    before the hook leaves the old watermark, which the model's table still matches.
    The table is created by on-run-start (macro start_build_log).
-#}
{% macro record_watermark() -%}
    {%- if config.get('materialized') in ('incremental', 'batched') -%}
        delete from intermediate.incremental_watermarks where model = '{{ watermark_name() }}';
        insert into intermediate.incremental_watermarks
        select
            '{{ watermark_name() }}',
            coalesce(max(filing_seq), 0)
        from {{ source('edgar', 'filings') }};
    {%- endif -%}
{%- endmacro %}

{#- The model's key in intermediate.incremental_watermarks: schema.table (not the catalog, which is the file's name). -#}
{% macro watermark_name() -%}
    {{ this.schema }}.{{ this.identifier }}
{%- endmacro %}

{#-
    The deals that have a filing the model being built does not hold yet (every deal on a full build):
    a subquery for `deal_id in (...)`. Continuity checks are recomputed deal by deal from these.
-#}
{% macro deals_with_new_filings() -%}
    select new_filings.deal_id
    from {{ ref('int_filings_identified') }} as new_filings
    where {{ new_filings_only('new_filings.filing_seq') }}
{%- endmacro %}
