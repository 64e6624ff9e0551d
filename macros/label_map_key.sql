{#-
    The join key of a cell and its row of the label map (int_report_labels_mapped): a 64-bit hash of the
    label's columns, computed on both sides by the same engine when int_report_cells_labelled is read,
    so the cell join compares one integer instead of seven columns. Called with the table's three
    columns to get the table's part (table_label_key), or with `table_key` set to that part and the
    cell's four columns, its labels as ids (raw.report_labels). assert_label_map_keys_are_distinct
    proves the key exact on the map.
-#}
{% macro label_map_key(
    report_family=none, table_key=none, table_role=none,
    cell_area=none, row_label_filled_id=none, label_occurrence=none, column_label_id=none
) -%}
    {%- set table_part = ('hash(' ~ report_family ~ ', ' ~ table_key ~ ', ' ~ table_role ~ ')') if report_family else table_key -%}
    {%- if cell_area -%}
        hash({{ table_part }}, {{ cell_area }}, {{ row_label_filled_id }}, {{ label_occurrence }}, {{ column_label_id }})
    {%- else -%}
        {{ table_part }}
    {%- endif -%}
{%- endmacro %}

{#-
    The exact (null-safe) match of a label of the map (`labels`, a relation alias) with a table's label
    columns (report_family, table_key, table_role of `table`) and a cell's (cell_area, row_label_filled_id,
    label_occurrence, column_label_id of `cell`, by default `table`; a label's id names one text): the
    label map's key, compared column by column where an exact match is needed without the hash
    (appending new labels to the map).
-#}
{% macro same_label(labels, table, cell=none) -%}
    {%- set cell = cell or table -%}
    {{ labels }}.report_family = {{ table }}.report_family
    and {{ labels }}.table_key is not distinct from {{ table }}.table_key
    and {{ labels }}.table_role is not distinct from {{ table }}.table_role
    and {{ labels }}.cell_area = {{ cell }}.cell_area
    and {{ labels }}.row_label_filled_id is not distinct from {{ cell }}.row_label_filled_id
    and {{ labels }}.label_occurrence is not distinct from {{ cell }}.label_occurrence
    and {{ labels }}.column_label_id is not distinct from {{ cell }}.column_label_id
{%- endmacro %}
