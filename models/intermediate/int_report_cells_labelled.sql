{#-
    Every report cell with the meaning its report family's spec gives it (seeds report_tables,
    report_labels, class_tiers, filtered on the filing's report_family from int_filing_families):
    the table's role, the measure and unit its label maps to, and its subject (a class name, a loan
    group, or the deal). Percent units become fractions here, and factors printed per $1 (the table's
    footnote) become per $1,000. Labels are matched once per distinct
    (family, table, axis, label, occurrence), not once per cell.

    Which label a cell is read by: a caption statement by its key; in a class table, a row whose
    label is a class (the table's subject_pattern; any row when it has none) by its column label,
    and any other row (a footer date, a premium line) by its row label, for the deal; in other tables
    by the row label. Subjects: a class row's class name (subject_pattern's first group), a group
    column's printed heading (loan_group: the number it prints, else its place among the table's
    group columns), a "... Group N" row's group, else the deal. A class table's Totals row is one per
    tier (REMIC I and REMIC II print one each).
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    -- The label keys are normalised once per distinct label below, not once per cell.
    select * exclude (row_key, column_key) from {{ ref('stg_edgar__report_cells') }}
    where {{ new_filings_only() }}

),

families as (

    select * from {{ ref('int_filing_families') }}
    where {{ new_filings_only() }}

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

labels as (

    select * from {{ ref('report_labels') }}

),

tiers as (

    select * from {{ ref('class_tiers') }}

),

report_tables as (

    select
        report_tables.filing_id,
        report_tables.table_ordinal,
        report_tables.table_segment,
        report_tables.table_title,
        report_tables.table_key,
        report_tables.is_terminated,
        report_tables.factor_denomination,
        families.report_family,
        table_roles.table_role,
        table_roles.subject_axis,
        table_roles.subject_pattern

    from {{ ref('stg_edgar__report_tables') }} as report_tables
    inner join families on report_tables.filing_id = families.filing_id
    left join table_roles
        on
            families.report_family = table_roles.report_family
            and report_tables.table_key like table_roles.table_pattern
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
        report_tables.factor_denomination,
        report_tables.report_family,
        report_tables.table_role,
        report_tables.subject_axis,
        row_keys.row_key in ('total', 'totals') as is_total_row,
        case
            when report_tables.subject_axis = 'class' and report_tables.subject_pattern is not null
                then nullif(regexp_extract(cells.row_label_filled, report_tables.subject_pattern, 1), '')
            when report_tables.subject_axis = 'class' then cells.row_label_filled
        end as class_name,
        case
            when cells.cell_area = 'caption' then 'caption'
            when
                report_tables.subject_axis = 'class'
                and (
                    report_tables.subject_pattern is null
                    or regexp_matches(cells.row_label_filled, report_tables.subject_pattern)
                )
                then 'column'
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

group_columns as (

    -- A table's group columns: those with figures that are not its Total column, numbered left to
    -- right unless the heading prints the number ("Group 3").
    select
        filing_id,
        table_ordinal,
        table_segment,
        column_ordinal,
        coalesce(
            try_cast(regexp_extract(max(column_key), '^(?:loan\s+)?(?:group|grp|pool)\s*(\d+)$', 1) as integer),
            row_number() over (partition by filing_id, table_ordinal, table_segment order by column_ordinal)::integer
        ) as loan_group

    from cells_with_label_key
    where
        subject_axis = 'group_columns'
        and cell_area = 'data'
        and value_kind = 'number'
        and column_key not in ('total', 'totals')
    group by filing_id, table_ordinal, table_segment, column_ordinal

),

class_tiers as (

    -- The tier of each class row (seed class_tiers: the first matching pattern by priority), and so
    -- of its table (a Totals row belongs to its table's tier).
    select
        distinct_classes.filing_id,
        distinct_classes.table_ordinal,
        distinct_classes.table_segment,
        distinct_classes.class_name,
        tiers.tier,
        tiers.is_lower_tier

    from (
        select distinct
            filing_id,
            table_ordinal,
            table_segment,
            report_family,
            class_name
        from cells_with_label_key
        where label_axis = 'column' and not is_total_row
    ) as distinct_classes
    inner join tiers
        on
            distinct_classes.report_family = tiers.report_family
            and regexp_matches(distinct_classes.class_name, tiers.class_pattern)
    qualify row_number() over (
        partition by
            distinct_classes.filing_id, distinct_classes.table_ordinal, distinct_classes.table_segment,
            distinct_classes.class_name
        order by tiers.priority
    ) = 1

),

table_tiers as (

    select
        filing_id,
        table_ordinal,
        table_segment,
        max(tier) as tier

    from class_tiers
    group by filing_id, table_ordinal, table_segment

),

distinct_labels as (

    select distinct
        report_family,
        table_key,
        label_axis,
        label_key,
        label_occurrence

    from cells_with_label_key

),

label_map as (

    select
        distinct_labels.report_family,
        distinct_labels.table_key,
        distinct_labels.label_axis,
        distinct_labels.label_key,
        distinct_labels.label_occurrence,
        labels.measure,
        labels.unit,
        labels.is_primary

    from distinct_labels
    inner join labels
        on
            distinct_labels.report_family = labels.report_family
            and distinct_labels.table_key like labels.table_pattern
            and distinct_labels.label_axis = labels.axis
            and distinct_labels.label_key like labels.label_pattern
            and (labels.label_occurrence is null or distinct_labels.label_occurrence = labels.label_occurrence)

),

labelled as (

    select
        cells_with_label_key.filing_id,
        cells_with_label_key.filing_seq,
        cells_with_label_key.report_family,
        cells_with_label_key.table_ordinal,
        cells_with_label_key.table_segment,
        cells_with_label_key.table_title,
        cells_with_label_key.table_key,
        cells_with_label_key.table_role,
        case
            when cells_with_label_key.label_axis = 'column' then cells_with_label_key.subject_axis
            when cells_with_label_key.subject_axis = 'class' then 'deal'
            else cells_with_label_key.subject_axis
        end as subject_axis,
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
            when cells_with_label_key.label_axis = 'column' and cells_with_label_key.is_total_row
                then cells_with_label_key.row_label_filled || coalesce(' ' || table_tiers.tier, '')
            when cells_with_label_key.label_axis = 'column' then cells_with_label_key.class_name
            when cells_with_label_key.subject_axis = 'group_columns'
                then case
                    when group_columns.loan_group is not null or cells_with_label_key.column_key in ('total', 'totals')
                        then cells_with_label_key.column_label
                end
            when cells_with_label_key.subject_axis = 'group_rows' then 'Group ' || cells_with_label_key.row_group_text
            when cells_with_label_key.subject_axis in ('deal', 'class') then 'deal'
        end as subject,
        case when cells_with_label_key.label_axis = 'column' then coalesce(class_tiers.tier, table_tiers.tier) end as tier,
        coalesce(class_tiers.is_lower_tier, false) as is_lower_tier,
        (cells_with_label_key.label_axis = 'column' and cells_with_label_key.is_total_row)
        or (
            cells_with_label_key.subject_axis = 'group_columns'
            and cells_with_label_key.column_key in ('total', 'totals')
        ) as is_total,
        case
            when cells_with_label_key.subject_axis = 'group_columns' then group_columns.loan_group
            when cells_with_label_key.subject_axis = 'group_rows'
                then try_cast(cells_with_label_key.row_group_text as integer)
        end as loan_group,
        cells_with_label_key.raw_text,
        cells_with_label_key.value_kind,
        cells_with_label_key.factor_denomination,
        try_cast(case
            when label_map.unit = 'percent' then cells_with_label_key.value_number * 0.01
            when label_map.unit = 'per_1000'
                then cells_with_label_key.value_number * coalesce(1000 // cells_with_label_key.factor_denomination, 1)
            else cells_with_label_key.value_number
        end as decimal(38, 12)) as value_number,
        cells_with_label_key.value_date,
        coalesce(cells_with_label_key.value_text, cells_with_label_key.raw_text) as value_text,
        cells_with_label_key.is_unreadable

    from cells_with_label_key
    left join label_map
        on
            cells_with_label_key.report_family = label_map.report_family
            and cells_with_label_key.table_key = label_map.table_key
            and cells_with_label_key.label_axis = label_map.label_axis
            and cells_with_label_key.label_key is not distinct from label_map.label_key
            and cells_with_label_key.label_occurrence is not distinct from label_map.label_occurrence
    left join group_columns
        on
            cells_with_label_key.filing_id = group_columns.filing_id
            and cells_with_label_key.table_ordinal = group_columns.table_ordinal
            and cells_with_label_key.table_segment = group_columns.table_segment
            and cells_with_label_key.column_ordinal = group_columns.column_ordinal
    left join class_tiers
        on
            cells_with_label_key.filing_id = class_tiers.filing_id
            and cells_with_label_key.table_ordinal = class_tiers.table_ordinal
            and cells_with_label_key.table_segment = class_tiers.table_segment
            and cells_with_label_key.class_name = class_tiers.class_name
    left join table_tiers
        on
            cells_with_label_key.filing_id = table_tiers.filing_id
            and cells_with_label_key.table_ordinal = table_tiers.table_ordinal
            and cells_with_label_key.table_segment = table_tiers.table_segment

)

select * from labelled
