{#-
    Every report cell of a complete table with the meaning its report family's spec gives it: the
    staging cells joined to the label map, not a stored copy. A view: each consumer (the pivots,
    coverage, label issues, delinquency placement, checks) reads the cells it filters through it, and
    its incremental filter on filing_seq reaches the cell scan.

    The table's role and subject axis come from int_report_tables_labelled; what the cell's row and
    column labels mean (label axis and key, measure, unit, class name, tier, Totals) from
    int_report_labels_mapped, where each distinct label is matched once (their texts too: the cells
    hold label ids); a group column's loan group and a class table's tier from
    int_report_columns_labelled. Subjects: a class row's class name, a
    group column's printed heading, a "... Group N" row's group, else the deal; a class table's Totals
    row is one per tier. Percent units become fractions here, and factors printed per $1 (the table's
    footnote) become per $1,000. The joins are on the integer filing_seq (a filing's tables and columns
    carry it too), cheaper than on the filing_id string.
-#}
{{ config(materialized='view') }}

with

cells as (

    -- The staging cells carry their labels as ids: the label map holds each label's text and keys once.
    select * from {{ ref('stg_edgar__report_cells') }}

),

report_tables as (

    select
        *,
        {{ label_map_key('report_family', 'table_key', 'table_role') }} as table_label_key

    from {{ ref('int_report_tables_labelled') }}

),

labels as (

    select
        *,
        {{ label_map_key('report_family', 'table_key', 'table_role',
            'cell_area', 'row_label_filled_id', 'label_occurrence', 'column_label_id') }} as label_key_hash

    from {{ ref('int_report_labels_mapped') }}

),

report_columns as (

    select * from {{ ref('int_report_columns_labelled') }}

),

labelled as (

    select
        cells.filing_id,
        cells.filing_seq,
        report_tables.report_family,
        cells.table_ordinal,
        cells.table_segment,
        report_tables.table_title,
        report_tables.table_key,
        report_tables.table_role,
        -- The table's axis in the spec (a filter on it reaches the table join before any cell is read).
        report_tables.subject_axis as table_subject_axis,
        case
            when labels.label_axis = 'column' then report_tables.subject_axis
            when report_tables.subject_axis = 'class' then 'deal'
            else report_tables.subject_axis
        end as subject_axis,
        cells.cell_area,
        cells.line_no,
        cells.file_line_no,
        cells.char_start,
        case when cells.row_label_id is not null then labels.row_label_filled end as row_label,
        labels.row_label_filled,
        labels.row_key,
        cells.row_sub,
        cells.label_occurrence,
        cells.column_ordinal,
        labels.column_label,
        labels.column_key,
        labels.label_axis,
        labels.label_key,
        labels.label_loan_group,
        labels.measure,
        labels.unit,
        coalesce(labels.is_primary, false) as is_primary,
        labels.exclusion_reason,
        case
            when labels.label_axis = 'column' and labels.is_total_row
                then labels.row_label_filled || coalesce(' ' || report_columns.table_tier, '')
            when labels.label_axis = 'column' then labels.class_name
            when report_tables.subject_axis = 'group_columns'
                then case
                    when report_columns.loan_group is not null or labels.is_total_column then labels.column_label
                end
            when report_tables.subject_axis = 'group_rows' then 'Group ' || labels.row_group_text
            when report_tables.subject_axis in ('deal', 'class') then 'deal'
        end as subject,
        case when labels.label_axis = 'column' then coalesce(labels.tier, report_columns.table_tier) end as tier,
        coalesce(labels.is_lower_tier, false) as is_lower_tier,
        (labels.label_axis = 'column' and labels.is_total_row)
        or (report_tables.subject_axis = 'group_columns' and labels.is_total_column) as is_total,
        case
            when report_tables.subject_axis = 'group_columns' then report_columns.loan_group
            when report_tables.subject_axis = 'group_rows' then try_cast(labels.row_group_text as integer)
        end as loan_group,
        cells.raw_text,
        cells.value_kind,
        report_tables.factor_denomination,
        -- The number as printed, read as the staging view reads it (macro cell_number) but here,
        -- above the joins, so that a reader's filters come first: the staging view would read every
        -- cell's number before the joins (at 10k filings the deal pivot keeps 2.5% of the cells).
        -- Scaled to its unit in `final`.
        {{ cell_number('cells.value_kind', 'cells.raw_text') }} as value_number,
        cells.value_date,
        coalesce(cells.value_text, cells.raw_text) as value_text,
        cells.is_unreadable

    from cells
    inner join report_tables
        on
            cells.filing_seq = report_tables.filing_seq
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
    left join labels
        on {{ label_map_key(
            table_key='report_tables.table_label_key', cell_area='cells.cell_area',
            row_label_filled_id='cells.row_label_filled_id', label_occurrence='cells.label_occurrence',
            column_label_id='cells.column_label_id') }} = labels.label_key_hash
    left join report_columns
        on
            cells.filing_seq = report_columns.filing_seq
            and cells.table_ordinal = report_columns.table_ordinal
            and cells.table_segment = report_columns.table_segment
            and cells.column_ordinal = report_columns.column_ordinal

),

final as (

    select
        * replace (
            try_cast(case
                when unit = 'percent' then value_number * 0.01
                when unit = 'per_1000' then value_number * coalesce(1000 // factor_denomination, 1)
                else value_number
            end as decimal(38, 12)) as value_number
        )

    from labelled

)

select * from final
