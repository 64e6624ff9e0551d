{#-
    A printed number as the loader reads it (loaders/tables.py, _value_clean): the printed text less
    , $ % ( ) +, negative in parentheses, as DECIMAL(38, 10); NULL where that is not a number. The raw
    cells and the placed delinquency cells store the printed text only, and their readers apply this.
    Most numbers print only commas and percent signs: two plain replaces (2x faster than the pattern).
-#}
{% macro printed_number(text) -%}
    try_cast(
        case
            when
                contains({{ text }}, '(') or contains({{ text }}, ')')
                or contains({{ text }}, '$') or contains({{ text }}, '+')
                then
                    case when {{ text }} like '(%)' then '-' else '' end
                    || regexp_replace({{ text }}, '[,$%()+]', '', 'g')
            else replace(replace({{ text }}, ',', ''), '%', '')
        end as decimal(38, 10)
    )
{%- endmacro %}

{#-
    A cell's number: its printed text read by printed_number where the loader classed the cell a number
    (value_kind 'number'), else NULL. The staging cells, the labelled cells (which read it above their
    joins) and the placed delinquency cells all read it so.
-#}
{% macro cell_number(value_kind, text) -%}
    case when {{ value_kind }} = 'number' then {{ printed_number(text) }} end
{%- endmacro %}
