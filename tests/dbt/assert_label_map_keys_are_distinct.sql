-- Pipeline guard (error): no two labels of the label map share the join key by which
-- int_report_cells_labelled finds a cell's label (macro label_map_key), so that join is exact: every cell's
-- label is in the map (it is built from the cells), and no other label has its key.
with

labels as (

    select distinct
        report_family,
        table_key,
        table_role,
        cell_area,
        row_label_filled_id,
        label_occurrence,
        column_label_id

    from {{ ref('int_report_labels_mapped') }}

)

select
    {{ label_map_key('report_family', 'table_key', 'table_role',
        'cell_area', 'row_label_filled_id', 'label_occurrence', 'column_label_id') }} as label_key_hash,
    count(*) as n_labels

from labels
group by label_key_hash
having count(*) > 1
