{#-
    Every printed cell of the delinquency matrix that is placed: one row per filing (its filing_seq)
    x cell (line, char_start) with its loan group, status, bucket and measure (count, balance, count percentage,
    balance percentage), and its printed text and value kind (int_delinquency_cells reads the number from
    the text, as staging does: a second DECIMAL(38, 12) per cell was the table's largest column). int_delinquency_cells pivots these; int_number_coverage counts a matrix
    number as mapped when it is placed here. Statuses, buckets and the measure lines come from the family's
    seeds (delinquency_statuses, delinquency_buckets, delinquency_measures); the table's subject
    axis (seed report_tables) says which of two layouts it is printed in:

    * delinquency (status columns x bucket rows, CTSLink): each segment is one group (its "Group N"
      row: the family's group_label_pattern); a cell's measure is told by its position (seed
      delinquency_measures: label_occurrence and row_sub; in CTSLink the first block of rows holds
      counts on a row's first line and balances on its second, the second block the percentages).
    * delinquency_blocks (status blocks x bucket columns, Bankers Trust): a block per status, headed
      by a line such as "FORECLOSURE LOAN INFORMATION" (the first block's heading is the stub
      column's header); in a block, a row per group (its printed name, numbered as the group
      statement numbers it) and a line per measure ("PRINCIPAL BALANCE", "NUMBER OF LOANS", ...);
      the columns are the buckets ("1 Payment" = 30 days, "3+ Payments" = 90 days and over, Total).
-#}
{{ config(materialized='batched') }}

with

cells as (

    -- Only the columns the placement reads (DuckDB keeps this CTE, read by both layouts, in memory).
    select
        filing_seq,
        report_family,
        table_ordinal,
        table_segment,
        subject_axis,
        line_no,
        char_start,
        column_ordinal,
        row_label_filled,
        row_key,
        row_sub,
        label_occurrence,
        column_key,
        label_loan_group,
        value_kind,
        value_text,
        raw_text,
        is_unreadable

    from {{ ref('int_report_cells_labelled') }}
    where
        table_subject_axis in ('delinquency', 'delinquency_blocks')
        and subject_axis in ('delinquency', 'delinquency_blocks')
        and cell_area = 'data'
        and {{ new_filings_only() }}

),

statuses as (

    select * from {{ ref('delinquency_statuses') }}

),

buckets as (

    select * from {{ ref('delinquency_buckets') }}

),

measures as (

    select * from {{ ref('delinquency_measures') }}

),

group_names as (

    select
        filing_seq,
        loan_group,
        upper(trim(group_name)) as group_key

    from {{ ref('int_groups_pivoted') }}
    where group_name is not null and not is_total and {{ new_filings_only() }}

),

-- Layout "delinquency": status columns x bucket rows, a segment per group.

segment_groups as (

    select
        filing_seq,
        table_ordinal,
        table_segment,
        max(label_loan_group) as loan_group

    from cells
    where subject_axis = 'delinquency'
    group by filing_seq, table_ordinal, table_segment

),

status_column_labels as (

    -- Each distinct pair of row and column labels of the layout, matched to its bucket and status
    -- once: a LIKE join of every cell to every pattern of its family is most of the model's time.
    select label_pairs.* from (
        {{ delinquency_label_pairs('cells', "subject_axis = 'delinquency'") }}
    ) as label_pairs
    where not label_pairs.is_status_unmapped and not label_pairs.is_bucket_unmapped

),

status_columns as (

    select
        cells.filing_seq,
        segment_groups.loan_group,
        status_column_labels.status,
        status_column_labels.is_total_status,
        status_column_labels.bucket_days_min,
        status_column_labels.bucket_days_max,
        status_column_labels.is_total_bucket,
        position_measures.measure as cell_measure,
        cells.char_start,
        cells.raw_text,
        cells.value_kind,
        cells.is_unreadable,
        cells.line_no

    from cells
    inner join segment_groups
        on
            cells.filing_seq = segment_groups.filing_seq
            and cells.table_ordinal = segment_groups.table_ordinal
            and cells.table_segment = segment_groups.table_segment
    inner join status_column_labels
        on
            cells.report_family = status_column_labels.report_family
            and cells.row_key = status_column_labels.row_key
            and cells.column_key = status_column_labels.column_key
    left join measures as position_measures
        on
            cells.report_family = position_measures.report_family
            and cells.label_occurrence = position_measures.label_occurrence
            and cells.row_sub = position_measures.row_sub
    where cells.subject_axis = 'delinquency'

),

-- Layout "delinquency_blocks": status blocks x bucket columns, a row per group, a line per measure.

block_lines as (

    -- Each line's stub (its leftmost text: a measure line, or a block heading when the line has no
    -- figures) and the header of the stub's column.
    select
        filing_seq,
        report_family,
        table_ordinal,
        table_segment,
        line_no,
        {{ normalize_label("arg_min(value_text, column_ordinal) filter (where value_kind = 'text')") }} as stub_key,
        arg_min(column_key, column_ordinal) filter (where value_kind = 'text') as stub_column_key,
        bool_or(value_kind in ('number', 'unreadable')) as has_figures

    from cells
    where subject_axis = 'delinquency_blocks'
    group by filing_seq, report_family, table_ordinal, table_segment, line_no

),

block_headings as (

    select
        block_lines.*,
        case when not block_lines.has_figures then heading_statuses.status end as heading_status,
        case when not block_lines.has_figures then heading_statuses.is_total end as heading_is_total,
        column_statuses.status as column_status,
        column_statuses.is_total as column_is_total

    from block_lines
    left join statuses as heading_statuses
        on
            block_lines.report_family = heading_statuses.report_family
            and block_lines.stub_key like heading_statuses.label_pattern
    left join statuses as column_statuses
        on
            block_lines.report_family = column_statuses.report_family
            and block_lines.stub_column_key like column_statuses.label_pattern

),

block_status as (

    -- A line belongs to the block of the last heading above it (the stub column's header before any).
    select
        *,
        coalesce(
            last_value(heading_status ignore nulls) over block_order,
            column_status
        ) as status,
        coalesce(
            last_value(heading_is_total ignore nulls) over block_order,
            column_is_total
        ) as is_total_status

    from block_headings
    window block_order as (
        partition by filing_seq, table_ordinal, table_segment
        order by line_no
        rows between unbounded preceding and current row
    )

),

status_blocks as (

    select
        cells.filing_seq,
        group_names.loan_group,
        block_status.status,
        block_status.is_total_status,
        buckets.bucket_days_min,
        buckets.bucket_days_max,
        buckets.is_total as is_total_bucket,
        measures.measure as cell_measure,
        cells.char_start,
        cells.raw_text,
        cells.value_kind,
        cells.is_unreadable,
        cells.line_no

    from cells
    inner join block_status
        on
            cells.filing_seq = block_status.filing_seq
            and cells.table_ordinal = block_status.table_ordinal
            and cells.table_segment = block_status.table_segment
            and cells.line_no = block_status.line_no
    inner join measures
        on
            cells.report_family = measures.report_family
            and block_status.stub_key like measures.label_pattern
    inner join buckets
        on
            cells.report_family = buckets.report_family
            and cells.column_key like buckets.label_pattern
    inner join group_names
        on
            cells.filing_seq = group_names.filing_seq
            and upper(trim(cells.row_label_filled)) = group_names.group_key
    where
        cells.subject_axis = 'delinquency_blocks'
        and cells.value_kind in ('number', 'unreadable')
        and block_status.status is not null

),

classified as (

    select * from status_columns
    union all
    select * from status_blocks

)

select * from classified
