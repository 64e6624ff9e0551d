{#-
    What a table's columns add to its cells' meaning, one row per filing x table segment x column
    that has some: in a group-columns table (seed report_tables.subject_axis), the loan group of each
    column with figures that is not its Total column, numbered left to right unless the heading prints
    the number ("Group 3", the family's group_label_pattern); in a class table whose classes have
    tiers (seed class_tiers), the table's tier, which its Totals row belongs to (REMIC I and REMIC II
    print one each). Incremental, keyed on filing.
-#}
{{ config(materialized='batched') }}

with

cells as (

    select * from {{ ref('stg_edgar__report_cells') }}
    where {{ new_filings_only() }}

),

report_tables as (

    select
        *,
        {{ label_map_key('report_family', 'table_key', 'table_role') }} as table_label_key

    from {{ ref('int_report_tables_labelled') }}
    where subject_axis in ('group_columns', 'class') and {{ new_filings_only() }}

),

labels as (

    select
        *,
        {{ label_map_key('report_family', 'table_key', 'table_role',
            'cell_area', 'row_label_filled_id', 'label_occurrence', 'column_label_id') }} as label_key_hash

    from {{ ref('int_report_labels_mapped') }}

),

families as (

    select * from {{ ref('report_families') }}

),

keyed as (

    -- Only what the columns need (DuckDB keeps this CTE, read three times, in memory), keyed on the
    -- integer filing_seq; the filing_id is joined back at the end.
    select
        cells.filing_seq,
        cells.table_ordinal,
        cells.table_segment,
        cells.column_ordinal,
        cells.cell_area,
        cells.value_kind,
        report_tables.report_family,
        report_tables.subject_axis,
        case when report_tables.subject_axis = 'group_columns' then labels.column_key end as column_key,
        labels.is_total_row,
        labels.is_total_column,
        labels.label_axis,
        labels.tier

    from cells
    inner join report_tables
        on
            cells.filing_seq = report_tables.filing_seq
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
    -- The label map's key, as int_report_cells_labelled joins it: one integer, computed from the
    -- table's and the cell's columns, so the cells meet their tables before the map (compared column
    -- by column, the optimizer may join the map to the tables first: 291M rows for 10k filings).
    inner join labels
        on {{ label_map_key(
            table_key='report_tables.table_label_key', cell_area='cells.cell_area',
            row_label_filled_id='cells.row_label_filled_id', label_occurrence='cells.label_occurrence',
            column_label_id='cells.column_label_id') }} = labels.label_key_hash

),

group_columns as (

    select
        keyed.filing_seq,
        keyed.table_ordinal,
        keyed.table_segment,
        keyed.column_ordinal,
        coalesce(
            try_cast(regexp_extract(max(keyed.column_key), max(families.group_label_pattern), 1) as integer),
            row_number() over (
                partition by keyed.filing_seq, keyed.table_ordinal, keyed.table_segment order by keyed.column_ordinal
            )::integer
        ) as loan_group,
        null::varchar as table_tier

    from keyed
    left join families on keyed.report_family = families.report_family
    where
        keyed.subject_axis = 'group_columns'
        and keyed.cell_area = 'data'
        and keyed.value_kind = 'number'
        and not keyed.is_total_column
    group by keyed.filing_seq, keyed.table_ordinal, keyed.table_segment, keyed.column_ordinal

),

table_tiers as (

    select
        filing_seq,
        table_ordinal,
        table_segment,
        max(tier) as table_tier

    from keyed
    where label_axis = 'column' and not is_total_row and tier is not null
    group by filing_seq, table_ordinal, table_segment

),

tier_columns as (

    select distinct
        keyed.filing_seq,
        keyed.table_ordinal,
        keyed.table_segment,
        keyed.column_ordinal,
        null::integer as loan_group,
        table_tiers.table_tier

    from keyed
    inner join table_tiers
        on
            keyed.filing_seq = table_tiers.filing_seq
            and keyed.table_ordinal = table_tiers.table_ordinal
            and keyed.table_segment = table_tiers.table_segment

),

columns_unioned as (

    select * from group_columns
    union all
    select * from tier_columns

),

filings as (

    select distinct
        filing_seq,
        filing_id

    from report_tables

),

final as (

    select
        filings.filing_id,
        columns_unioned.*

    from columns_unioned
    inner join filings on columns_unioned.filing_seq = filings.filing_seq

)

select * from final
