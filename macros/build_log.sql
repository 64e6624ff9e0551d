{#-
    What the last successful build checked, so that an incremental build tests what is new.

    intermediate.dbt_builds has one row per `dbt build` of the whole project in which nothing
    failed, errored or was skipped: when it started and the highest filing_seq loaded then. (Only a
    build counts: a `dbt test` after a `dbt run` that failed would test tables that lack rows.)
    intermediate.last_checked_build is its latest row (-infinity and 0 when there is none).

    The tests whose rule holds filing by filing (a raw landing, a check row, a label) read only the
    rows after it: filings numbered above last_filing_seq, and audit_reconciliation rows computed
    after checked_at. A build that fails is not recorded, so the next build checks its rows again.
    `dbt build --full-refresh`, or `--vars '{check_all_filings: true}'`, forgets the log first and
    checks everything.
-#}
{% macro start_build_log() -%}
    create schema if not exists intermediate;
    create table if not exists intermediate.dbt_builds (
        invocation_id varchar not null,
        checked_at timestamp not null,
        last_filing_seq bigint not null
    );
    -- The highest filing_seq each incremental model has processed (macro record_watermark).
    create table if not exists intermediate.incremental_watermarks (
        model varchar not null,
        last_filing_seq bigint not null
    );
    -- What each seed's table was loaded from (macros/seed_if_changed.sql).
    create table if not exists intermediate.seed_fingerprints (
        seed varchar not null,
        fingerprint varchar not null
    );
    {% if flags.FULL_REFRESH or var('check_all_filings', false) -%}
        delete from intermediate.dbt_builds;
    {% endif -%}
    create or replace view intermediate.last_checked_build as
    select
        coalesce(max(checked_at), '-infinity'::timestamp) as checked_at,
        coalesce(max(last_filing_seq), 0) as last_filing_seq
    from intermediate.dbt_builds;
{%- endmacro %}

{#- Record this invocation when it was a build of the whole project and nothing failed. -#}
{% macro record_build(results) -%}
    {%- set failed = [] -%}
    {%- for result in results if result.status in ('error', 'fail', 'skipped', 'runtime error') -%}
        {%- do failed.append(result) -%}
    {%- endfor -%}
    {%- set args = invocation_args_dict -%}
    {%- set whole_project = not (args.get('select') or args.get('exclude') or args.get('selector')) -%}
    {%- if execute and flags.WHICH == 'build' and whole_project and not failed -%}
        insert into intermediate.dbt_builds
        select
            '{{ invocation_id }}',
            {{ build_started_at() }},
            coalesce(max(filing_seq), 0)
        from {{ source('edgar', 'filings') }}
    {%- endif -%}
{%- endmacro %}

{#- When this invocation started, as a TIMESTAMP literal (UTC): audit_reconciliation.computed_at. -#}
{% macro build_started_at() -%}
    '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'::timestamp
{%- endmacro %}

{#-
    A column of intermediate.last_checked_build (checked_at, last_filing_seq) as a SQL constant, read
    when the test is compiled (the build log does not change during a build: record_build writes it
    at the end), so that DuckDB skips the row groups of older filings and older check rows by their
    min/max statistics: compared with a subquery instead, the tests on the check rows scanned every
    row of every build. Where the view does not exist yet (dbt only parsing or compiling; sqlfluff's
    lint target), the subquery.

    Read once per invocation: the first node that asks keeps both columns in dbt's graph (one dict for
    the whole invocation, keyed by its invocation_id); each of ~200 tests asked twice or more, one
    query to see the view and one for the value, ~500 queries of an incremental build's ~1,700.
-#}
{% macro last_checked_build(column) -%}
    {%- set subquery = '(select last_checked.' ~ column ~ ' from intermediate.last_checked_build as last_checked)' -%}
    {%- if not execute -%}
        {{- return(subquery) -}}
    {%- endif -%}
    {%- set cache = graph.setdefault('mbs_last_checked_build', {}) -%}
    {%- if invocation_id not in cache -%}
        {%- set exists = run_query(
            "select count(*) from duckdb_views() where database_name = current_database()"
            ~ " and schema_name = 'intermediate' and view_name = 'last_checked_build'"
        ).columns[0].values()[0] -%}
        {%- if exists == 0 -%}
            {{- return(subquery) -}}
        {%- endif -%}
        {%- set row = run_query(
            'select checked_at::varchar as checked_at, last_filing_seq::varchar as last_filing_seq'
            ~ ' from intermediate.last_checked_build'
        ).rows[0] -%}
        {%- do cache.update({invocation_id: {'checked_at': row['checked_at'], 'last_filing_seq': row['last_filing_seq']}}) -%}
    {%- endif -%}
    {%- set value = cache[invocation_id][column] -%}
    {{- return("'" ~ value ~ "'::timestamp" if column == 'checked_at' else value) -}}
{%- endmacro %}

{#- Filter of a filing-by-filing test: the filings loaded since the last successful build. -#}
{% macro loaded_since_last_checked_build(column='filing_seq') -%}
    {{ column }} > {{ last_checked_build('last_filing_seq') }}
{%- endmacro %}

{#- Filter of a test on check rows: the rows computed since the last successful build. -#}
{% macro computed_since_last_checked_build(column='computed_at') -%}
    {{ column }} > {{ last_checked_build('checked_at') }}
{%- endmacro %}

{#-
    Filter of a test on a mart recomputed by deal (macro changed_only) whose rule holds deal by deal
    (a fact's grain, a relationship of a row): the deals that have a filing loaded since the last
    successful build. A deal with none has the rows that build checked: nothing has changed them.
-#}
{% macro deals_loaded_since_last_checked_build(column='deal_id') -%}
    {{ column }} in (
        select loaded.deal_id
        from intermediate.int_filings_identified as loaded
        where {{ loaded_since_last_checked_build('loaded.filing_seq') }}
    )
{%- endmacro %}

{#-
    The same for a test whose rule holds filing by filing on a mart one row per filing (or more) that a
    deal's new filing may change (dim_filing's is_current, the continuity checks' summary): the filings
    loaded since the last successful build, and every filing of their deals.
-#}
{% macro filings_of_deals_loaded_since_last_checked_build(column='filing_id') -%}
    {{ column }} in (
        select loaded.filing_id
        from intermediate.int_filings_identified as loaded
        where
            {{ loaded_since_last_checked_build('loaded.filing_seq') }}
            or {{ deals_loaded_since_last_checked_build('loaded.deal_id') }}
    )
{%- endmacro %}

{#-
    A test's `where` config cannot call a project macro (dbt renders it when it parses the YAML), so
    the two filters above are written there as placeholders, replaced when the test runs:
      where: __deals_loaded_since_last_checked_build__              (deal_id in the deals ...)
      where: __filings_of_deals_loaded_since_last_checked_build__   (filing_id in the filings ...)
      where: __computed_since_last_checked_build__                  (check rows computed since ...)
    A row whose key is NULL is always read (a not_null test on the key still sees it). Otherwise
    dbt's own get_where_subquery: the tested relation, filtered by `where`.
-#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set where = where
            | replace(
                '__filings_of_deals_loaded_since_last_checked_build__',
                '(' ~ filings_of_deals_loaded_since_last_checked_build() ~ ' or filing_id is null)')
            | replace('__computed_since_last_checked_build__', computed_since_last_checked_build())
            | replace(
                '__deals_loaded_since_last_checked_build__',
                '(' ~ deals_loaded_since_last_checked_build() ~ ' or deal_id is null)') -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{- return(filtered) -}}
    {%- else -%}
        {{- return(relation) -}}
    {%- endif -%}
{%- endmacro %}
