{#-
    One row of a reconciliation check, in the shape audit_reconciliation unions:
    filing_id, filing_seq, check_name, subject, expected, actual, tolerance (``relation`` qualifies filing_id and
    filing_seq in joins). A check passes when
    |actual - expected| <= tolerance; a missing side (NULL) fails.
-#}
{% macro check_row(check_name, subject, expected, actual, tolerance, relation=none) -%}
    {{ relation ~ '.' if relation }}filing_id as filing_id,
    {{ relation ~ '.' if relation }}filing_seq as filing_seq,
    '{{ check_name }}' as check_name,
    {{ subject }} as subject,
    ({{ expected }})::decimal(38, 12) as expected,
    ({{ actual }})::decimal(38, 12) as actual,
    ({{ tolerance }})::decimal(38, 12) as tolerance
{%- endmacro %}

{#- Tolerance of an identity of n printed (rounded-to-the-cent) terms: n cents by default. -#}
{% macro cents(n_terms) -%}
    (({{ n_terms }}) * {{ var('cent_per_term') }})
{%- endmacro %}
