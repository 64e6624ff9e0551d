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
    the loader numbered filings has no filing_seq: the build stops and says to full-refresh. A model
    recomputed by deal (config changed_scope, macro changed_only) may keep no filing_seq (the marts):
    its watermark alone says, and without one (a table built before it was incremental) every deal is
    recomputed once. Read once per model: the number is kept in the model's context (`model`, one
    dict per node being compiled) for the model's other import CTEs.
-#}
{% macro last_filing_seq() -%}
    {%- if not execute -%}
        {{- return(0) -}}
    {%- endif -%}
    {%- if 'mbs_last_filing_seq' not in model -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- set holds_seq = 'filing_seq' in columns -%}
        {%- if not holds_seq and not config.get('changed_scope') -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built before filings were numbered (filing_seq): run `dbt build --full-refresh` once.'
            ) }}
        {%- endif -%}
        {%- set result = run_query(
            'select greatest(' ~ ('coalesce(max(filing_seq), 0)' if holds_seq else '0')
            ~ ', coalesce((select max(watermarks.last_filing_seq)'
            ~ ' from intermediate.incremental_watermarks as watermarks'
            ~ " where watermarks.model = '" ~ watermark_name() ~ "'), 0)) as last_seq"
            ~ (' from ' ~ this if holds_seq else '')
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
    What a new filing changes besides its own rows, for the models recomputed by deal (the marts, the
    continuity checks). A filing never changes once loaded, but a new one changes rows of older ones:
    an amendment or a duplicate supersedes the current filing of its (deal, distribution date) (its
    is_current, the facts that come from it); a new or late month, or a superseded one, changes its
    deal's month-to-month history (continuity checks, the CPR/CDR windows and life, a class's latest
    attributes). A model declares the scope it is recomputed by
    (config changed_scope) and filters its import CTEs with changed_only(); its incremental strategy
    (replace_changed) deletes its rows of that scope and inserts what the SQL selects. Scopes:
      filing        the new filings (rows that never change once computed: parse issues)
      date          the (deal_id, distribution_date) of the new filings (restatements, credit
                    enhancement: a month's rows read that month's current filing only)
      date_filings  the new filings and every filing of their (deal, distribution date) (dim_filing:
                    is_current; what credit enhancement reads of the per-filing models)
      deal          the deals of the new filings (a deal's history, where a row may depend on a later
                    month: a class's latest attributes, its first and last dates)
      deal_since    every filing of the new filings' deals dated on or after the earliest new filing
                    of its deal, and the new filings (a month's row depends on earlier months only:
                    the continuity checks, the CPR/CDR windows and life; a new month recomputes that
                    month, a late month or an amendment the months from it on). The model reads its
                    deals' whole history (scope deal), or from the month before (scope
                    deal_since_prior_month: the continuity checks), and keeps the rows of these filings.
      deal_since_prior_month
                    deal_since and the filings of the month before (any day of it): what a model
                    that compares a month with the one before only (the continuity checks) reads. A
                    read scope only: no model is recomputed by it (changed_scope_key refuses it).
      deal_filings  the new filings and every filing of their deals (what dim_class and
                    fact_deal_performance read of the per-filing models)
    "New" is numbered above the model's watermark (macro last_filing_seq). A filing with no deal
    (deal_id NULL: no masthead) is in the filing scopes only as a new filing: nothing later changes it.
-#}
{% macro changed_keys(scope, key='filing_id') -%}
    {%- set identified = ref('int_filings_identified') -%}
    {%- set new = 'new_filings.filing_seq > ' ~ last_filing_seq() -%}
    {%- if scope == 'filing' -%}
        select new_filings.{{ key }} from {{ identified }} as new_filings where {{ new }}
    {%- elif scope == 'date' -%}
        select
            new_filings.deal_id,
            new_filings.distribution_date
        from {{ identified }} as new_filings
        where {{ new }}
    {%- elif scope == 'deal' -%}
        {{ changed_deals() }}
    {%- elif scope in ('deal_since', 'deal_since_prior_month') -%}
        {%- set earliest = 'min(new_filings.distribution_date)' -%}
        {%- if scope == 'deal_since_prior_month' -%}
            {%- set earliest = "date_trunc('month', " ~ earliest ~ ") - interval 1 month" -%}
        {%- endif -%}
        {%- call changed_peers(key) -%}
            peers.distribution_date >= (
                select {{ earliest }}
                from {{ identified }} as new_filings
                where {{ new }} and new_filings.deal_id = peers.deal_id
            )
        {%- endcall -%}
    {%- elif scope == 'deal_filings' -%}
        {{ changed_peers(key) }}
    {%- elif scope == 'date_filings' -%}
        {%- call changed_peers(key) -%}
            (peers.deal_id, peers.distribution_date) in ({{ changed_keys('date') }})
        {%- endcall -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error('changed_keys: unknown scope ' ~ scope) }}
    {%- endif -%}
{%- endmacro %}

{#-
    The filings of a scope of peers (`key` of each): the new filings, and the filings of the new
    filings' deals, all of them, or (a call block) those its condition on `peers` keeps.
-#}
{% macro changed_peers(key) -%}
    select peers.{{ key }}
    from {{ ref('int_filings_identified') }} as peers
    where
        peers.filing_seq > {{ last_filing_seq() }}
        or (
            peers.deal_id in ({{ changed_deals() }})
            {%- if caller is defined %}
            and {{ caller() }}
            {%- endif %}
        )
{%- endmacro %}

{#-
    The deals of the filings numbered above the model's watermark, as a list of SQL literals ('NULL'
    when there is none): read when the model is compiled and written into its SQL as constants, as
    the watermark is. A constant list lets DuckDB filter the filings by deal where it scans them and
    hand the matching filings to the scans of the larger tables joined to them (a subquery here was
    joined after the views' joins: every class row was read, not a deal's). Read once per model.
-#}
{% macro changed_deals() -%}
    {%- if not execute -%}
        {{- return('null') -}}
    {%- endif -%}
    {%- if 'mbs_changed_deals' not in model -%}
        {%- set deals = run_query(
            'select distinct deal_id from ' ~ ref('int_filings_identified')
            ~ ' where deal_id is not null and filing_seq > ' ~ last_filing_seq() ~ ' order by deal_id'
        ).columns[0].values() -%}
        {%- do model.update({'mbs_changed_deals': sql_literals(deals)}) -%}
    {%- endif -%}
    {{- return(model['mbs_changed_deals']) -}}
{%- endmacro %}

{#- Strings as a list of SQL literals ('null' when there is none): a constant `in (...)` list. -#}
{% macro sql_literals(values) -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append("'" ~ value | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{- return(literals | join(', ') if literals else 'null') -}}
{%- endmacro %}

{#-
    Filter of an import CTE of a model recomputed by `scope` (macro changed_keys): `column` (a
    filing_id, a filing_seq with key='filing_seq', a deal_id, or `(deal_id, distribution_date)`) is
    one the build changes. True on a full build.
-#}
{% macro changed_only(scope, column, key='filing_id') -%}
    {#- Referenced when dbt parses (not incremental then), so that it knows the dependency; a unit test,
        which is not incremental, needs no input for it. -#}
    {%- if not execute -%}
        {%- do ref('int_filings_identified') -%}
    {%- endif -%}
    {%- if is_incremental() -%}
        {{ column }} in ({{ changed_keys(scope, key) }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#-
    The key a scope's rows are deleted on: a filing, a deal, a (deal, distribution date). A filing is
    its filing_id, or its filing_seq where the model says so (config changed_key='filing_seq': the
    check rows keep the number, not the id).
-#}
{% macro changed_scope_key(scope) -%}
    {#- deal_since_prior_month is a read scope: it is not a key rows are deleted on. -#}
    {%- if scope in ('filing', 'date_filings', 'deal_filings', 'deal_since') -%}
        {{ config.get('changed_key', 'filing_id') }}
    {%- elif scope == 'deal' -%}
        deal_id
    {%- elif scope == 'date' -%}
        (deal_id, distribution_date)
    {%- else -%}
        {{ exceptions.raise_compiler_error('changed_scope_key: unknown scope ' ~ scope) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Incremental strategy replace_changed (config incremental_strategy='replace_changed' and
    changed_scope): delete the model's rows of the scope's keys, then insert the rows its SQL selected
    (the scope's rows, recomputed). Deleting by the scope, not by the keys the SQL returned, also drops
    the rows of a key that has none any more (a restatement an amendment undid).
-#}
{% macro get_incremental_replace_changed_sql(arg_dict) -%}
    {%- set scope = config.require('changed_scope') -%}
    {%- set key = changed_scope_key(scope) | trim -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ key }} in ({{ changed_keys(scope, key=key) }});

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
