{#-
    One row per filing x table segment x printed label of a figure that no seed maps (an unmapped label is a new wording:
    add a seed row). For the delinquency matrix a cell must map to a status (its column) and a bucket
    (its row); elsewhere a label must map to a measure. Each row names the table, the label as printed
    and the first line it is printed on, and says whether the doubt touches the filing's facts (seed
    report_tables.unmapped_label_withholds_facts: a matrix cell that cannot be placed makes the whole
    matrix doubtful; an extra fee line nobody maps yet does not). Incremental, keyed on filing.
-#}
{{ config(materialized='batched') }}

with

cells as (

    -- Figures only (prose in a footer is not a fact), less the deliberate exclusions of the spec
    -- (seed report_label_exclusions, matched once per label in int_report_labels_mapped); only the
    -- cells one of the checks below reads, and only the columns they read (DuckDB keeps this CTE in
    -- memory: most cells are mapped figures of a class or group table, which none of them reads).
    select
        filing_id,
        filing_seq,
        report_family,
        table_ordinal,
        table_segment,
        table_role,
        table_title,
        subject_axis,
        cell_area,
        line_no,
        file_line_no,
        char_start,
        row_label_filled,
        row_key,
        column_label,
        column_key,
        label_axis,
        label_key,
        label_loan_group,
        measure,
        value_kind

    from {{ ref('int_report_cells_labelled') }}
    where
        table_role is not null and value_kind != 'text' and {{ new_filings_only() }}
        and exclusion_reason is null
        and (
            (table_role != 'delinquency' and measure is null)
            or (subject_axis in ('delinquency', 'delinquency_blocks') and cell_area = 'data')
        )

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

placed as (

    select
        filing_seq,
        line_no,
        char_start

    from {{ ref('int_delinquency_cells_placed') }}
    where {{ new_filings_only() }}

),

unplaced_blocks as (

    -- The status-blocks layout: a figure of the matrix that no block heading, group, bucket and
    -- measure line place (a garbled block), once per group row label.
    select
        cells.filing_id,
        cells.filing_seq,
        cells.table_ordinal,
        cells.table_segment,
        cells.table_role,
        cells.table_title,
        cells.row_label_filled as printed_label,
        cells.row_key as label_key,
        min(cells.file_line_no) as line_no,
        count(*) as n_cells

    from cells
    left join placed
        on
            cells.filing_seq = placed.filing_seq
            and cells.line_no = placed.line_no
            and cells.char_start = placed.char_start
    where
        cells.subject_axis = 'delinquency_blocks'
        and cells.cell_area = 'data'
        and cells.value_kind in ('number', 'unreadable')
        and placed.filing_seq is null
    group by all

),

unmapped_measures as (

    select
        filing_id,
        filing_seq,
        table_ordinal,
        table_segment,
        table_role,
        table_title,
        case when label_axis = 'column' then column_label else row_label_filled end as printed_label,
        label_key,
        min(file_line_no) as line_no,
        count(*) as n_cells

    from cells
    where table_role != 'delinquency' and measure is null
    group by all

),

delinquency_cells as (

    select * from cells
    -- The status-columns layout: a cell must sit under a status column and in a bucket row.
    where
        subject_axis = 'delinquency'
        and cell_area = 'data'
        -- A row naming the segment's loan group ("Group 2": the family's group_label_pattern) is no bucket.
        and row_key is not null
        and label_loan_group is null

),

delinquency_labels as (

    -- Each distinct pair of row and column labels, matched to the statuses and buckets once (not
    -- every cell against every pattern).
    {{ delinquency_label_pairs('delinquency_cells') }}

),

delinquency_classified as (

    select
        delinquency_cells.*,
        delinquency_labels.is_status_unmapped,
        delinquency_labels.is_bucket_unmapped

    from delinquency_cells
    inner join delinquency_labels
        on
            delinquency_cells.report_family = delinquency_labels.report_family
            and delinquency_cells.row_key = delinquency_labels.row_key
            and delinquency_cells.column_key is not distinct from delinquency_labels.column_key

),

unmapped_delinquency as (

    -- A row label that is no bucket, and a column label that is no status, each once per segment.
    select
        filing_id,
        filing_seq,
        table_ordinal,
        table_segment,
        table_role,
        table_title,
        row_label_filled as printed_label,
        row_key as label_key,
        min(file_line_no) as line_no,
        count(*) as n_cells

    from delinquency_classified
    where is_bucket_unmapped
    group by all

    union all

    select
        filing_id,
        filing_seq,
        table_ordinal,
        table_segment,
        table_role,
        table_title,
        coalesce(column_label, '(no column heading)') as printed_label,
        column_key as label_key,
        min(file_line_no) as line_no,
        count(*) as n_cells

    from delinquency_classified
    where is_status_unmapped and not is_bucket_unmapped
    group by all

),

unioned as (

    select * from unmapped_measures
    union all
    select * from unmapped_delinquency
    union all
    select * from unplaced_blocks

),

role_withholds as (

    select
        table_role,
        bool_or(unmapped_label_withholds_facts) as withholds_facts

    from table_roles
    group by table_role

),

final as (

    select
        unioned.*,
        coalesce(role_withholds.withholds_facts, false) as withholds_facts

    from unioned
    left join role_withholds on unioned.table_role = role_withholds.table_role

)

select * from final
