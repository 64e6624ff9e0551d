-- Pipeline guard (error): every class row printed in a current filing's class tables lands in
-- fact_class_distribution, and every group column of its group statement in fact_group_collateral.
with

current_filings as (

    select filing_id from {{ ref('dim_filing') }}
    where
        is_current
        and filing_id in (
            select loaded.filing_id from {{ source('edgar', 'filings') }} as loaded
            where {{ loaded_since_last_checked_build('loaded.filing_seq') }}
        )

),

printed_classes as (

    select distinct
        cells.filing_id,
        cells.subject as class_name

    from {{ ref('int_report_cells_labelled') }} as cells
    inner join current_filings on cells.filing_id = current_filings.filing_id
    where
        cells.table_subject_axis = 'class' and cells.subject_axis = 'class' and cells.cell_area = 'data' and not cells.is_total
        and {{ loaded_since_last_checked_build('cells.filing_seq') }}

),

printed_groups as (

    select distinct
        cells.filing_id,
        cells.loan_group

    from {{ ref('int_report_cells_labelled') }} as cells
    inner join current_filings on cells.filing_id = current_filings.filing_id
    where
        cells.table_subject_axis = 'group_columns' and cells.subject_axis = 'group_columns' and cells.cell_area = 'data'
        and not cells.is_total
        and cells.loan_group is not null
        and {{ loaded_since_last_checked_build('cells.filing_seq') }}

)

select
    printed_classes.filing_id,
    'class ' || printed_classes.class_name as missing

from printed_classes
left join {{ ref('fact_class_distribution') }} as facts
    on
        printed_classes.filing_id = facts.filing_id
        and printed_classes.class_name = facts.class_name
where facts.class_name is null

union all

select
    printed_groups.filing_id,
    'group ' || coalesce(printed_groups.loan_group::varchar, 'unnumbered') as missing

from printed_groups
left join {{ ref('fact_group_collateral') }} as facts
    on
        printed_groups.filing_id = facts.filing_id
        and printed_groups.loan_group = facts.loan_group
where facts.loan_group is null
