{#-
    Rule: no two rows share the same values of `columns` (a compound primary key).
    Returns one row per duplicated key, with how many rows share it.
-#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(',\n    ') }},
    count(*) as n_rows

from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
