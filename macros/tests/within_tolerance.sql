{#-
    Rule: |column - compare_to| <= tolerance, row by row. `compare_to` and `tolerance` are SQL
    expressions over the model's columns (or numbers). Returns the rows that break the rule; a row
    where either side is NULL breaks it too (a figure that should be printed and is not).
-#}
{% test within_tolerance(model, column_name, compare_to, tolerance=0) %}

select *

from {{ model }}
where not coalesce(abs(({{ column_name }}) - ({{ compare_to }})) <= ({{ tolerance }}), false)

{% endtest %}
