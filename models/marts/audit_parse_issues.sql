{#-
    Grain: one row per filing x parse issue x place (issue_id). What the loader could not read, and
    why the filing is incomplete: a number it could not read (its value is NULL, its printed text is
    kept), a table cut off before its </TABLE> (its cells are not used), a required table the report
    lacks, a label no seed maps (int_label_issues), a report whose deal or distribution date was not
    found. Each names the table, row, column and line where it applies; withholds_facts says
    whether the filing's facts are withheld because of it.

    Incremental, keyed on filing: a filing's issues never change once it is loaded, so a build reads
    the new filings only (changed_scope filing).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='filing', on_schema_change='fail') }}

with

cells as (

    select * from {{ ref('stg_edgar__report_cells') }}
    where {{ new_filings_only() }}

),

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}
    where {{ new_filings_only() }}

),

labels as (

    select * from {{ ref('stg_edgar__report_labels') }}

),

identified as (

    select * from {{ ref('int_filings_identified') }}
    where {{ new_filings_only() }}

),

label_issues as (

    select * from {{ ref('int_label_issues') }}
    where {{ new_filings_only() }}

),

unreadable as (

    select
        cells.filing_id,
        'unreadable_number' as issue,
        report_tables.table_title,
        row_labels.label as row_label,
        column_labels.label as column_label,
        cells.file_line_no as line_no,
        cells.raw_text,
        'the printed figure "' || cells.raw_text || '" is not a number: its value is NULL' as detail,
        false as withholds_facts

    from cells
    inner join report_tables
        on
            cells.filing_id = report_tables.filing_id
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
    left join labels as row_labels on cells.row_label_filled_id = row_labels.label_id
    left join labels as column_labels on cells.column_label_id = column_labels.label_id
    where cells.is_unreadable

),

unterminated as (

    select
        filing_id,
        'unterminated_table' as issue,
        table_title,
        null as row_label,
        null as column_label,
        first_line_no as line_no,
        null as raw_text,
        'the table ends before its </TABLE> (a truncated file): its cells are not used' as detail,
        false as withholds_facts

    from report_tables
    where not is_terminated

),

missing as (

    select
        filing_id,
        'missing_table' as issue,
        trim(missing.table_role) as table_title,
        null as row_label,
        null as column_label,
        null::integer as line_no,
        null as raw_text,
        'the report has no complete ' || trim(missing.table_role) || ' table' as detail,
        false as withholds_facts

    from identified,
        unnest(string_split(identified.missing_tables, ',')) as missing (table_role)
    where identified.missing_tables is not null

),

unmapped as (

    select
        filing_id,
        'unmapped_label' as issue,
        table_title,
        printed_label as row_label,
        null as column_label,
        line_no,
        null as raw_text,
        'no seed row maps the label "' || coalesce(printed_label, '') || '" of this ' || table_role || ' table ('
        || n_cells || ' cell(s))'
        || case
            when withholds_facts then ': the table cannot be read, so the filing''s facts are withheld'
            else ': those cells are not facts; the rest of the filing loads'
        end as detail,
        withholds_facts

    from label_issues

),

no_masthead as (

    select
        filing_id,
        'missing_masthead' as issue,
        null as table_title,
        null as row_label,
        null as column_label,
        null::integer as line_no,
        null as raw_text,
        'the report''s '
        || concat_ws(
            ' and ',
            case when series is null then 'deal series' end,
            case when distribution_date is null then 'distribution date' end
        )
        || ' was not found: its facts cannot be placed' as detail,
        true as withholds_facts

    from identified
    where series is null or distribution_date is null

),

unknown_family as (

    select
        filing_id,
        'unknown_family' as issue,
        null as table_title,
        null as row_label,
        null as column_label,
        null::integer as line_no,
        null as raw_text,
        'the report prints no signature table of any known report family (seed report_family_signatures): '
        || 'its tables have no roles and no facts are read from it' as detail,
        true as withholds_facts

    from identified
    where report_family = '{{ var("unknown_report_family") }}'

),

unioned as (

    select * from unreadable
    union all
    select * from unterminated
    union all
    select * from missing
    union all
    select * from unmapped
    union all
    select * from no_masthead
    union all
    select * from unknown_family

),

final as (

    select
        md5(concat_ws('|', filing_id, issue, table_title, row_label, column_label, line_no, raw_text)) as issue_id,
        filing_id,
        issue,
        table_title,
        row_label,
        column_label,
        line_no::integer as line_no,
        raw_text,
        detail,
        withholds_facts

    from unioned

)

select * from final
