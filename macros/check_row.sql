{#-
    One row of a reconciliation check, in the shape audit_reconciliation unions:
    filing_id, filing_seq, check_name, subject, expected, actual, tolerance (``relation`` qualifies filing_id and
    filing_seq in joins), and the structured keys of the subject beside its readable text: class_name,
    loan_group, measure (the measure of the printed figure, `actual`) and table_role (the table it is
    printed in), each a SQL expression, NULL when it does not apply; computed_at, when the build that
    computed the row started. A check passes when |actual - expected| <= tolerance; a missing side
    (NULL) fails.
-#}
{% macro check_row(
    check_name, subject, expected, actual, tolerance, relation=none,
    class_name=none, loan_group=none, measure=none, table_role=none
) -%}
    {{ relation ~ '.' if relation }}filing_id as filing_id,
    {{ relation ~ '.' if relation }}filing_seq as filing_seq,
    '{{ check_name }}' as check_name,
    {{ subject }} as subject,
    ({{ expected }})::decimal(38, 12) as expected,
    ({{ actual }})::decimal(38, 12) as actual,
    ({{ tolerance }})::decimal(38, 12) as tolerance,
    ({{ class_name or 'null' }})::varchar as class_name,
    ({{ loan_group or 'null' }})::integer as loan_group,
    ({{ measure or 'null' }})::varchar as measure,
    ({{ table_role or 'null' }})::varchar as table_role,
    {{ build_started_at() }} as computed_at
{%- endmacro %}

{#- Tolerance of an identity of n printed (rounded-to-the-cent) terms: n cents by default. -#}
{% macro cents(n_terms) -%}
    (({{ n_terms }}) * {{ var('cent_per_term') }})
{%- endmacro %}
