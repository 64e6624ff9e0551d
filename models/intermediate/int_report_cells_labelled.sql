{#-
    Every report cell with the meaning the seeds give it: the table's role, the measure and unit its
    label maps to, and its subject (a class name, a loan group, or the deal). Percent units become
    fractions here. Labels are matched once per distinct (table, axis, label), not once per cell.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    -- The label keys are normalised once per distinct label below, not once per cell.
    select * exclude (row_key, column_key) from {{ ref('stg_edgar__report_cells') }}
    where {{ new_filings_only() }}

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

labels as (

    select * from {{ ref('report_labels') }}

),

report_tables as (

    select
        report_tables.*,
        table_roles.subject_axis as table_subject_axis

    from {{ ref('stg_edgar__report_tables') }} as report_tables
    left join table_roles
        on report_tables.table_key like table_roles.table_pattern
    where {{ new_filings_only('report_tables.filing_seq') }}

),

row_labels as (

    select
        row_label_filled,
        {{ normalize_label('row_label_filled') }} as row_key

    from (select distinct cells.row_label_filled from cells) as distinct_row_labels

),

row_keys as (

    select
        row_label_filled,
        row_key,
        regexp_extract(row_key, '\s(?:group|grp)\s*(\d+)$', 1) as row_group_text,
        regexp_replace(row_key, '\s(?:group|grp)\s*\d+$', '') as row_key_without_group

    from row_labels

),

column_keys as (

    select
        column_label,
        {{ normalize_label('column_label') }} as column_key

    from (select distinct cells.column_label from cells) as distinct_column_labels

),

cells_keyed as (

    select
        cells.*,
        row_keys.row_key,
        row_keys.row_group_text,
        row_keys.row_key_without_group,
        column_keys.column_key,
        report_tables.table_title,
        report_tables.table_key,
        case
            when cells.cell_area = 'caption' then 'caption'
            when report_tables.table_subject_axis = 'class' then 'column'
            else 'row'
        end as label_axis

    from cells
    inner join report_tables
        on
            cells.filing_id = report_tables.filing_id
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
            -- A table cut off before its </TABLE> is not trusted (audit_parse_issues lists it).
            and report_tables.is_terminated
    left join row_keys on cells.row_label_filled = row_keys.row_label_filled
    left join column_keys on cells.column_label = column_keys.column_label

),

cells_with_label_key as (

    select
        *,
        case
            when label_axis = 'column' then column_key
            when row_group_text != '' then row_key_without_group
            else row_key
        end as label_key

    from cells_keyed

),

distinct_labels as (

    select distinct
        table_key,
        label_axis,
        label_key

    from cells_with_label_key

),

label_map as (

    select
        distinct_labels.table_key,
        distinct_labels.label_axis,
        distinct_labels.label_key,
        table_roles.table_role,
        table_roles.subject_axis,
        labels.measure,
        labels.unit,
        labels.is_primary

    from distinct_labels
    left join table_roles
        on distinct_labels.table_key like table_roles.table_pattern
    left join labels
        on
            distinct_labels.table_key like labels.table_pattern
            and distinct_labels.label_axis = labels.axis
            and distinct_labels.label_key like labels.label_pattern

),

labelled as (

    select
        cells_with_label_key.filing_id,
        cells_with_label_key.filing_seq,
        cells_with_label_key.table_ordinal,
        cells_with_label_key.table_segment,
        cells_with_label_key.table_title,
        cells_with_label_key.table_key,
        label_map.table_role,
        label_map.subject_axis,
        cells_with_label_key.cell_area,
        cells_with_label_key.line_no,
        cells_with_label_key.file_line_no,
        cells_with_label_key.char_start,
        cells_with_label_key.row_label,
        cells_with_label_key.row_label_filled,
        cells_with_label_key.row_key,
        cells_with_label_key.row_sub,
        cells_with_label_key.label_occurrence,
        cells_with_label_key.column_ordinal,
        cells_with_label_key.column_label,
        cells_with_label_key.column_key,
        cells_with_label_key.label_axis,
        cells_with_label_key.label_key,
        label_map.measure,
        label_map.unit,
        coalesce(label_map.is_primary, false) as is_primary,
        case
            when label_map.subject_axis = 'class' then cells_with_label_key.row_label_filled
            when label_map.table_role = 'group_collateral' then cells_with_label_key.column_label
            when label_map.table_role = 'group_percentages' then 'Group ' || cells_with_label_key.row_group_text
            when label_map.subject_axis = 'deal' then 'deal'
        end as subject,
        cells_with_label_key.row_key in ('total', 'totals')
        or (
            label_map.table_role = 'group_collateral'
            and cells_with_label_key.column_key in ('total', 'totals')
        ) as is_total,
        case
            when label_map.table_role = 'group_collateral'
                then try_cast(regexp_extract(cells_with_label_key.column_key, '^group\s*(\d+)$', 1) as integer)
            when label_map.table_role = 'group_percentages'
                then try_cast(cells_with_label_key.row_group_text as integer)
        end as loan_group,
        cells_with_label_key.raw_text,
        cells_with_label_key.value_kind,
        try_cast(case
            when label_map.unit = 'percent' then cells_with_label_key.value_number * 0.01
            else cells_with_label_key.value_number
        end as decimal(38, 12)) as value_number,
        cells_with_label_key.value_date,
        coalesce(cells_with_label_key.value_text, cells_with_label_key.raw_text) as value_text,
        cells_with_label_key.is_unreadable

    from cells_with_label_key
    left join label_map
        on
            cells_with_label_key.table_key = label_map.table_key
            and cells_with_label_key.label_axis = label_map.label_axis
            and cells_with_label_key.label_key is not distinct from label_map.label_key

)

select * from labelled
