{#-
    The names of raw.report_cells' coded columns, by code (the position from 0): the loader's
    CELL_AREAS and VALUE_KINDS (loaders/warehouse.py), which store a cell's area and value kind as a
    small integer (an integer lands at a third of a text column's cost). tests/python/test_load.py
    checks that the two lists are the same. `code_name` gives back the name of a code column,
    `code_of` the code of a name.
-#}
{% macro raw_codes() -%}
    {{ return({
        'area': ['data', 'caption'],
        'value_kind': ['number', 'text', 'date', 'unreadable'],
    }) }}
{%- endmacro %}

{% macro code_name(column, codes) -%}
    [{%- for name in raw_codes()[codes] %}'{{ name }}'{{ ', ' if not loop.last }}{% endfor -%}][{{ column }} + 1]
{%- endmacro %}

{#- The code of `name` in a coded column (an integer literal), to compare the raw column with. -#}
{% macro code_of(codes, name) -%}
    {{ raw_codes()[codes].index(name) }}
{%- endmacro %}
