{#-
    One stored row of a reconciliation check, in the shape int_checks_unioned unions:
    filing_seq, check_name, subject, expected_offset, actual, tolerance (``relation`` qualifies filing_seq in
    joins), and the structured keys of the subject beside its readable text: class_name,
    loan_group, measure (the measure of the printed figure, `actual`) and table_role (the table it is
    printed in), each a SQL expression, NULL when it does not apply; computed_at, when the build that
    computed the row started. A check passes when |actual - expected| <= tolerance; a missing side
    (NULL) fails.

    Stored as the printed figure (actual) and expected_offset = expected - coalesce(actual, 0), from
    which int_checks_unioned gives back expected = coalesce(actual, 0) + expected_offset, exactly (both
    DECIMAL(38, 12)). Most checks agree to the cent or exactly, so the offset is 0 or small and
    compresses to a few bits a row, where a second DECIMAL(38, 12) value costs about 8 bytes (the
    check tables are the largest part of the warehouse after the raw cells). The filing is its
    integer filing_seq; int_checks_unioned gives back its filing_id.
-#}
{% macro check_row(
    check_name, subject, expected, actual, tolerance, relation=none,
    class_name=none, loan_group=none, measure=none, table_role=none
) -%}
    {{ relation ~ '.' if relation }}filing_seq as filing_seq,
    '{{ check_name }}' as check_name,
    {{ subject }} as subject,
    ({{ expected }})::decimal(38, 12) - coalesce(({{ actual }})::decimal(38, 12), 0) as expected_offset,
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

{#-
    A filing's check counts, from rows of int_checks_unioned grouped by filing_seq: how many ran and
    passed, the failed checks' names (a sorted list) and the largest difference among the failed rows.
    int_filing_check_counts counts a filing's own checks with it, audit_filing_summary its continuity
    checks (recomputed by deal).
-#}
{% macro check_counts() -%}
    count(*) as checks_run,
    count(*) filter (where passed) as checks_passed,
    list(distinct check_name order by check_name) filter (where not passed) as failed_checks,
    max(abs(difference)) filter (where not passed) as largest_difference
{%- endmacro %}
