{#-
    One pivoted column of a labelled-cells model: the value of `measure` (as mapped by the seed
    report_labels), typed by its unit: money DECIMAL(18,2); percent and fraction DECIMAL(12,10)
    fractions; per_1000 factors DECIMAL(20,10); counts INTEGER; dates DATE; text VARCHAR.
    `unit` also filters the cells (a measure printed both as money and per $1,000); `primary_only`
    reads the measure from its primary table only. A figure that does not fit its type (a money figure
    printed where a count belongs, in a garbled table) is NULL, not an error that stops the build.
-#}
{% macro pivot_measure(measure, unit, primary_only=false, alias=none) -%}
    {%- set types = {
        'money': 'decimal(18, 2)', 'percent': 'decimal(12, 10)', 'fraction': 'decimal(12, 10)',
        'per_1000': 'decimal(20, 10)', 'count': 'integer', 'date': 'date', 'text': 'varchar',
    } -%}
    {%- set value = 'value_date' if unit == 'date' else ('value_text' if unit == 'text' else 'value_number') -%}
    try_cast(max(
        case
            when
                measure = '{{ measure }}' and unit = '{{ unit }}'
                {%- if primary_only %} and is_primary{% endif %}
                then {{ value }}
        end
    ) as {{ types[unit] }}) as {{ alias or measure }}
{%- endmacro %}
