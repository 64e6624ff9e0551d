{#-
    The key a printed label or title is matched on: lower case, footnote markers such as "(1)" and
    "(continued)" removed, a trailing "at 30-Nov-2003" as-of date removed, blanks and colons collapsed.
-#}
{% macro normalize_label(expression) -%}
    trim(
        regexp_replace(
            regexp_replace(
                regexp_replace(lower({{ expression }}), '\(continued\)|\(\d+\)', '', 'g'),
                '\s+at\s+\d{1,2}[-/][a-z0-9]{2,3}[-/]\d{2,4}\s*$', ''
            ),
            '[\s:]+', ' ', 'g'
        )
    )
{%- endmacro %}
