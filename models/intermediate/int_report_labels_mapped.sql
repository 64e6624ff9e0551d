{#-
    The label map: one row per distinct printed label of a table (report family x table key and role x
    cell area x row label x occurrence x column label) with what the family's spec (seeds
    report_families, report_tables, report_labels, class_tiers, report_label_exclusions) reads from it. int_report_cells_labelled
    joins every cell to its row here, so labels are normalised and matched once per distinct label, not
    once per cell, and no labelled copy of the cells is stored.

    Which label a cell is read by (label_axis, label_key): a caption statement by its key; in a class
    table, a row whose label is a class (the table's subject_pattern; any row when it has none) by its
    column label, and any other row (a footer date, a premium line) by its row label, for the deal; in
    other tables by the row label, less a trailing "Group N" (the family's group_suffix_pattern).
    The family's total_label_pattern tells a Totals row and a Total column, its group_label_pattern a
    label that names a loan group as a whole ("Group 2", a column heading "Loan Group 3"). A class
    row's tier is the first class_tiers pattern (by priority) its class name matches.

    The cells carry their labels as ids (raw.report_labels): the distinct labels are found on the ids
    and their texts joined once per label. Incremental, keyed on the label: a build adds the labels of
    new filings that are not here yet; filing_seq is the first filing that printed the label.
-#}
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

with

cells as (

    select * from {{ ref('stg_edgar__report_cells') }}
    where {{ new_filings_only() }}

),

report_tables as (

    select * from {{ ref('int_report_tables_labelled') }}
    where {{ new_filings_only() }}

),

families as (

    select * from {{ ref('report_families') }}

),

labels as (

    select * from {{ ref('report_labels') }}

),

tiers as (

    select * from {{ ref('class_tiers') }}

),

exclusions as (

    select * from {{ ref('report_label_exclusions') }}

),

label_texts as (

    select * from {{ ref('stg_edgar__report_labels') }}

),

distinct_labels as (

    select
        report_tables.report_family,
        report_tables.table_key,
        report_tables.table_role,
        report_tables.subject_axis,
        report_tables.subject_pattern,
        cells.cell_area,
        cells.row_label_filled_id,
        cells.label_occurrence,
        cells.column_label_id,
        min(cells.filing_seq) as filing_seq

    -- Joined on filing_id, not filing_seq: on the integer DuckDB 2.0 groups the cells before the join
    -- (13.8M groups at 10k filings, 10 s of CPU against 2.5 s), measured.
    from cells
    inner join report_tables
        on
            cells.filing_id = report_tables.filing_id
            and cells.table_ordinal = report_tables.table_ordinal
            and cells.table_segment = report_tables.table_segment
    group by all

),

new_labels as (

    select distinct_labels.*

    from distinct_labels
    {% if is_incremental() -%}
    where not exists (
        select 1
        from {{ this }} as mapped
        where {{ same_label('mapped', 'distinct_labels') }}
    )
    {%- endif %}

),

with_texts as (

    select
        new_labels.*,
        row_labels.label as row_label_filled,
        column_labels.label as column_label

    from new_labels
    left join label_texts as row_labels on new_labels.row_label_filled_id = row_labels.label_id
    left join label_texts as column_labels on new_labels.column_label_id = column_labels.label_id

),

normalised as (

    select
        with_texts.*,
        {{ normalize_label('with_texts.row_label_filled') }} as row_key,
        {{ normalize_label('with_texts.column_label') }} as column_key,
        families.total_label_pattern,
        families.group_label_pattern,
        families.group_suffix_pattern

    from with_texts
    left join families on with_texts.report_family = families.report_family

),

keyed as (

    select
        report_family,
        table_key,
        table_role,
        subject_axis,
        cell_area,
        row_label_filled_id,
        row_label_filled,
        label_occurrence,
        column_label_id,
        column_label,
        filing_seq,
        row_key,
        column_key,
        regexp_extract(row_key, group_suffix_pattern, 1) as row_group_text,
        regexp_replace(row_key, group_suffix_pattern, '') as row_key_without_group,
        try_cast(regexp_extract(row_key, group_label_pattern, 1) as integer) as label_loan_group,
        regexp_matches(row_key, total_label_pattern) as is_total_row,
        regexp_matches(column_key, total_label_pattern) as is_total_column,
        case
            when subject_axis = 'class' and subject_pattern is not null
                then nullif(regexp_extract(row_label_filled, subject_pattern, 1), '')
            when subject_axis = 'class' then row_label_filled
        end as class_name,
        case
            when cell_area = 'caption' then 'caption'
            when
                subject_axis = 'class'
                and (subject_pattern is null or regexp_matches(row_label_filled, subject_pattern))
                then 'column'
            else 'row'
        end as label_axis

    from normalised

),

with_label_key as (

    select
        * exclude (row_key_without_group),
        case
            when label_axis = 'column' then column_key
            when row_group_text != '' then row_key_without_group
            else row_key
        end as label_key

    from keyed

),

class_tiers as (

    -- The tier of each class row: the first matching pattern of seed class_tiers by priority.
    select
        with_label_key.report_family,
        with_label_key.class_name,
        tiers.tier,
        tiers.is_lower_tier

    from (
        select distinct
            report_family,
            class_name
        from with_label_key
        where label_axis = 'column' and not is_total_row
    ) as with_label_key
    inner join tiers
        on
            with_label_key.report_family = tiers.report_family
            and regexp_matches(with_label_key.class_name, tiers.class_pattern)
    qualify row_number() over (
        partition by with_label_key.report_family, with_label_key.class_name
        order by tiers.priority
    ) = 1

),

excluded as (

    -- A label the spec leaves out on purpose (seed report_label_exclusions): the first matching reason.
    select
        with_label_key.report_family,
        with_label_key.table_key,
        with_label_key.table_role,
        with_label_key.cell_area,
        with_label_key.row_label_filled_id,
        with_label_key.label_occurrence,
        with_label_key.column_label_id,
        min(exclusions.reason) as exclusion_reason

    from with_label_key
    inner join exclusions
        on
            with_label_key.report_family = exclusions.report_family
            and with_label_key.table_key like exclusions.table_pattern
            and with_label_key.label_axis = exclusions.axis
            and with_label_key.label_key like exclusions.label_pattern
    group by all

),

final as (

    select
        with_label_key.*,
        labels.measure,
        labels.unit,
        labels.is_primary,
        class_tiers.tier,
        class_tiers.is_lower_tier,
        excluded.exclusion_reason

    from with_label_key
    left join labels
        on
            with_label_key.report_family = labels.report_family
            and with_label_key.table_key like labels.table_pattern
            and with_label_key.label_axis = labels.axis
            and with_label_key.label_key like labels.label_pattern
            and (labels.label_occurrence is null or with_label_key.label_occurrence = labels.label_occurrence)
    left join class_tiers
        on
            with_label_key.report_family = class_tiers.report_family
            and with_label_key.class_name = class_tiers.class_name
            and with_label_key.label_axis = 'column'
            and not with_label_key.is_total_row
    left join excluded on {{ same_label('excluded', 'with_label_key') }}

)

select * from final
