{#-
    One stored row of a reconciliation check, in the shape int_checks_unioned unions:
    filing_seq, check_name, subject, expected_offset, actual, tolerance (``relation`` qualifies filing_seq in
    joins), and the structured keys of the subject beside its readable text: class_name,
    loan_group, measure (the measure of the printed figure, `actual`) and table_role (the table it is
    printed in), each a SQL expression, NULL when it does not apply; figures, how many printed figures
    the row checks (1; more for a row of macro figure_checks_collapsed); computed_at, when the build
    that computed the row started. A check passes when |actual - expected| <= tolerance; a missing side
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
    1 as figures,
    {{ build_started_at() }} as computed_at
{%- endmacro %}

{#-
    The rows of a per-figure check (one check of every printed figure of a kind: class_factor,
    class_figure_agreement, the delinquency percentages), as stored: each figure beyond tolerance is
    its own row, as check_row made it (its subject names the figure); the figures within tolerance
    are one row per filing x check x `unit` (the class or the group), whose subject says how many they
    are (`subject_prefix`: the unit's text, an expression of unit_key) and whose expected, actual and
    tolerance are those of its figure with the largest difference (ties: the greatest actual), so the
    row passes as its figures do; figures says how many; measure and table_role are NULL. At 10k
    filings these checks are 10M of the 11.9M check rows, nearly all within tolerance: stored figure
    by figure they were a quarter of the warehouse file and of the build's reading of check rows.
    Within tolerance is judged as int_checks_unioned judges it, with the report family's tolerance
    where it sets one (seed report_family_checks). `figure_rows`: a relation of check_row rows.
-#}
{% macro figure_checks_collapsed(figure_rows, unit, subject_prefix) -%}
    {%- set columns = [
        'filing_seq', 'check_name', 'subject', 'expected_offset', 'actual', 'tolerance',
        'class_name', 'loan_group', 'measure', 'table_role', 'figures', 'computed_at',
    ] -%}
    with

    judged as (

        select
            figure_rows.*,
            {{ unit }} as unit_key,
            {{ check_passes(
                'figure_rows.actual', 'figure_rows.expected_offset',
                'coalesce(family_checks.tolerance_override, figure_rows.tolerance)') }} as within_tolerance

        from {{ figure_rows }} as figure_rows
        inner join {{ ref('int_filing_families') }} as families on figure_rows.filing_seq = families.filing_seq
        left join {{ ref('report_family_checks') }} as family_checks
            on
                families.report_family = family_checks.report_family
                and figure_rows.check_name = family_checks.check_name

    ),

    per_unit as (

        -- One pass: the figures within tolerance counted and the largest difference kept (ties: the
        -- greatest actual, then offset and tolerance, so the row is the same whichever way the rows
        -- arrive), the others listed whole. A CASE builds each struct only for the rows it keeps.
        select
            filing_seq,
            check_name,
            unit_key,
            count(*) filter (where within_tolerance) as figures,
            max(case when within_tolerance then struct_pack(
                largest := abs(expected_offset), actual := actual, expected_offset := expected_offset,
                tolerance := tolerance
            ) end) as worst,
            list(case when not within_tolerance then struct_pack(
                {%- for column in columns %}
                {{ column }} := {{ column }}{{ ',' if not loop.last }}
                {%- endfor %}
            ) end) filter (where not within_tolerance) as beyond,
            any_value(class_name) as class_name,
            any_value(loan_group) as loan_group,
            max(computed_at) as computed_at

        from judged
        group by filing_seq, check_name, unit_key

    ),

    beyond_rows as (

        select unnest(beyond) as figure
        from per_unit
        where beyond is not null

    )

    select
        {%- for column in columns %}
        figure.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from beyond_rows

    union all

    select
        filing_seq,
        check_name,
        {{ subject_prefix }} || ': ' || figures || case when figures = 1 then ' figure' else ' figures' end
        || ' within tolerance' as subject,
        worst.expected_offset,
        worst.actual,
        worst.tolerance,
        class_name,
        loan_group,
        null::varchar as measure,
        null::varchar as table_role,
        figures::integer as figures,
        computed_at

    from per_unit
    where figures > 0
{%- endmacro %}

{#-
    Whether a stored check row passes: both sides printed (actual not NULL; expected is always there)
    and |expected - actual| = |expected_offset| <= `tolerance` (the family's where it sets one). The
    one rule, for int_checks_unioned's passed and for macro figure_checks_collapsed's judging.
-#}
{% macro check_passes(actual, expected_offset, tolerance) -%}
    coalesce({{ actual }} is not null and abs({{ expected_offset }}) <= {{ tolerance }}, false)
{%- endmacro %}

{#- Tolerance of an identity of n printed (rounded-to-the-cent) terms: n cents by default. -#}
{% macro cents(n_terms) -%}
    (({{ n_terms }}) * {{ var('cent_per_term') }})
{%- endmacro %}

{#-
    A filing's check counts, from rows of int_checks_unioned grouped by filing_seq: how many ran and
    passed (figures: a collapsed row of a per-figure check counts each of its figures), the failed
    checks' names (a sorted list) and the largest difference among the failed rows.
    int_filing_check_counts counts a filing's own checks with it, audit_filing_summary its continuity
    checks (recomputed by deal).
-#}
{% macro check_counts() -%}
    sum(figures)::bigint as checks_run,
    coalesce(sum(figures) filter (where passed), 0)::bigint as checks_passed,
    list(distinct check_name order by check_name) filter (where not passed) as failed_checks,
    max(abs(difference)) filter (where not passed) as largest_difference
{%- endmacro %}
