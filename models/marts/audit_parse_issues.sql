{#-
    Grain: one row per filing x parse issue x place (issue_id). What the loader could not read, and
    why the filing is incomplete: a number it could not read (its value is NULL, its printed text is
    kept), a table cut off before its </TABLE> (its cells are not used), a required table the report
    lacks. Each names the table, row, column and line where it applies.
-#}
with

cells as (

    select * from {{ ref('stg_edgar__report_cells') }}

),

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}

),

identified as (

    select * from {{ ref('int_filings_identified') }}

),

unreadable as (

    select
        cells.filing_id,
        'unreadable_number' as issue,
        report_tables.table_title,
        cells.row_label_filled as row_label,
        cells.column_label,
        cells.file_line_no as line_no,
        cells.raw_text,
        'the printed figure "' || cells.raw_text || '" is not a number: its value is NULL' as detail

    from cells
    inner join report_tables
        on
            cells.filing_id = report_tables.filing_id
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
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
        'the table ends before its </TABLE> (a truncated file): its cells are not used' as detail

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
        'the report has no complete ' || trim(missing.table_role) || ' table' as detail

    from identified,
        unnest(string_split(identified.missing_tables, ',')) as missing (table_role)
    where identified.missing_tables is not null

),

unioned as (

    select * from unreadable
    union all
    select * from unterminated
    union all
    select * from missing

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
        detail

    from unioned

)

select * from final
