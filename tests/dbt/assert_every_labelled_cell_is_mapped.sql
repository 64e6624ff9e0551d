-- Pipeline guard (error): every data cell of a known report table maps to a measure through the seed
-- report_labels (or, for the delinquency matrix, the status and bucket seeds). An unmapped label is a
-- new wording: add one seed row. Returns the unmapped (table, label) pairs with an example line.
with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where {{ loaded_since_last_checked_build() }}

),

statuses as (

    select * from {{ ref('delinquency_statuses') }}

),

buckets as (

    select * from {{ ref('delinquency_buckets') }}

),

unmapped_measures as (

    select
        filing_id,
        table_key,
        label_key,
        min(file_line_no) as example_line_no

    from cells
    where
        table_role is not null
        and table_role != 'delinquency'
        and measure is null
    group by filing_id, table_key, label_key

),

delinquency_cells as (

    select * from cells
    where
        table_role = 'delinquency'
        and cell_area = 'data'
        and not regexp_matches(row_key, '^group\s*\d+$')

),

unmapped_delinquency as (

    select
        delinquency_cells.filing_id,
        delinquency_cells.table_key,
        delinquency_cells.row_key || ' / ' || delinquency_cells.column_key as label_key,
        min(delinquency_cells.file_line_no) as example_line_no

    from delinquency_cells
    left join statuses on delinquency_cells.column_key like statuses.label_pattern
    left join buckets on delinquency_cells.row_key like buckets.label_pattern
    where statuses.status is null or buckets.label_pattern is null
    group by all

)

select * from unmapped_measures
union all
select * from unmapped_delinquency
