{#-
    on-run-end: what the build produced, one line per category, printed with dbt's own output:
      filings, current filings with facts, filings with no facts (with the commonest reason),
      incomplete filings, checks warned; then one line per warned check naming how many deals and
      distribution months fail (the reconciles test returns one row per failing check x deal-month),
      in check name order, then one per other warned test, in the tests' name order (dbt's results
      come in the order its threads finished).
    Runs before record_build: the warned tests' SQL still reads the rows this build computed.
-#}
{% macro build_summary(results) -%}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- set dim_filing = adapter.get_relation(target.database, 'marts', 'dim_filing') -%}
        {%- if dim_filing is not none -%}
            {%- set counts = run_query(build_summary_counts(dim_filing)).rows[0] -%}
            {%- set reason = run_query(build_summary_reasons(dim_filing)).rows -%}
            {%- set warned_checks = [] -%}
            {%- set warned_tests = [] -%}
            {%- for result in results | sort(attribute='node.name') if result.status == 'warn' and result.node.resource_type == 'test' -%}
                {%- if result.node.test_metadata is not none and result.node.test_metadata.name == 'reconciles' -%}
                    {%- for line in warned_check_scopes(result) -%}
                        {%- do warned_checks.append(line) -%}
                    {%- endfor -%}
                {%- else -%}
                    {%- do warned_tests.append(result.node.name ~ ': ' ~ result.failures ~ ' results: ' ~ result.message) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do log('Build summary: filings: ' ~ counts[0], info=True) -%}
            {%- do log('Build summary: current filings with facts: ' ~ counts[1], info=True) -%}
            {%- do log(
                'Build summary: filings with no facts: ' ~ counts[2]
                ~ ((' (commonest reason: ' ~ reason[0][0] ~ ', ' ~ reason[0][1] ~ ')') if reason else ''),
                info=True) -%}
            {%- do log('Build summary: incomplete filings: ' ~ counts[3]
                ~ ' (missing or cut-off tables, unreadable numbers: marts.audit_parse_issues)', info=True) -%}
            {%- do log('Build summary: checks warned: ' ~ (warned_checks | length + warned_tests | length), info=True) -%}
            {%- for line in warned_checks + warned_tests -%}
                {%- do log('Build summary: WARN ' ~ line, info=True) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro build_summary_counts(dim_filing) -%}
    select
        count(*),
        count(*) filter (where is_current),
        count(*) filter (where deal_id is null or distribution_date is null),
        count(*) filter (where not is_complete)
    from {{ dim_filing }}
{%- endmacro %}

{#- Why a filing has no facts: no deal or no date could be read, most often because no table of a known layout is there. -#}
{% macro build_summary_reasons(dim_filing) -%}
    select
        case
            when table_count = 0 or missing_tables = (
                select string_agg(table_role, ', ' order by table_role)
                from reference.report_tables where is_required
            ) then 'unknown layout (no table of a known report family)'
            when deal_id is null then 'no deal identified (shelf code and series not read)'
            else 'no distribution date read'
        end as reason,
        count(*) as filings
    from {{ dim_filing }}
    where deal_id is null or distribution_date is null
    group by reason
    order by filings desc, reason
    limit 1
{%- endmacro %}

{#-
    One line per check failing in the warned reconciles test (one row per failing check x deal-month):
    "<check>: N deals, M months, K failing rows, J of them in current filings (the deal-months): <the
    query that lists them>".
-#}
{% macro warned_check_scopes(result) -%}
    {%- set scopes = run_query(
        'select check_name, count(distinct deal_id), count(distinct distribution_date), sum(failing_rows), '
        ~ "string_agg(distinct deal_id || ' ' || distribution_date, ', ' order by deal_id || ' ' || distribution_date), "
        ~ 'coalesce(sum(failing_rows) filter (where is_current), 0) '
        ~ 'from (' ~ result.node.compiled_code ~ ') as failing group by check_name order by check_name'
    ).rows -%}
    {%- set lines = [] -%}
    {%- for scope in scopes -%}
        {%- do lines.append(
            scope[0] ~ ': ' ~ scope[1] ~ (' deal, ' if scope[1] == 1 else ' deals, ')
            ~ scope[2] ~ (' month, ' if scope[2] == 1 else ' months, ')
            ~ scope[3] ~ ' failing rows, ' ~ scope[5] ~ ' of them in current filings (' ~ (scope[4] | truncate(200))
            ~ '): select * from marts.audit_reconciliation'
            ~ " where check_name = '" ~ scope[0] ~ "' and not passed"
        ) -%}
    {%- endfor -%}
    {{- return(lines) -}}
{%- endmacro %}
