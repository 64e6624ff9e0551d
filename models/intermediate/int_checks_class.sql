{#-
    Reconciliation checks of the bond classes, one row per filing x check x subject:
    roll-forwards, principal and distribution sums, interest accrual (30/360), figures printed in two
    tables, printed per-$1,000 factors, and the Totals rows.
-#}
{{ config(materialized='batched') }}

with

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ new_filings_only() }}

),

principal_classes as (

    -- A notional (interest-only) balance is not principal: it has no principal roll-forward.
    select classes.*

    from classes
    inner join class_groups
        on
            classes.filing_seq = class_groups.filing_seq
            and classes.class_name = class_groups.class_name
    where not class_groups.is_notional

),

cells as (

    -- Only the columns the checks read: DuckDB keeps a CTE that several checks read in memory, and
    -- the labelled view's every column (labels, printed text) would triple it. The filing is its
    -- integer filing_seq (cheaper to join on than filing_id). A per-$1,000 factor is rounded to half
    -- its last printed digit (at least 1e-8), in its printed denomination (x1000 for a factor
    -- printed per $1).
    select
        filing_seq,
        table_role,
        tier,
        subject,
        measure,
        unit,
        is_primary,
        is_total,
        value_number,
        case
            when unit = 'per_1000'
                then
                    greatest(0.00000001, 0.5 / 10 ** length(regexp_extract(raw_text, '\.(\d+)', 1)))
                    * coalesce(1000 // factor_denomination, 1)
        end as factor_rounding

    from {{ ref('int_report_cells_labelled') }}
    where
        table_subject_axis = 'class' and subject_axis = 'class' and cell_area = 'data' and measure is not null
        and {{ new_filings_only() }}

),

class_identities as (

    select {{ check_row(
        'class_balance_rollforward', 'class_name',
        'beginning_balance - principal_distribution - realized_loss + accretion', 'ending_balance',
        cents(4), class_name='class_name', measure="'ending_balance'") }}
    from principal_classes

    union all

    select {{ check_row(
        'class_principal_reduction', 'class_name',
        'beginning_balance - total_principal_reduction', 'ending_balance', cents(2),
        class_name='class_name', measure="'ending_balance'") }}
    from principal_classes

    union all

    select {{ check_row(
        'class_principal_components', 'class_name',
        'scheduled_principal + unscheduled_principal', 'principal_distribution', cents(2),
        class_name='class_name', measure="'principal_distribution'") }}
    from classes

    union all

    select {{ check_row(
        'class_total_distribution', 'class_name',
        'interest_distribution + principal_distribution', 'total_distribution', cents(2),
        class_name='class_name', measure="'total_distribution'") }}
    from classes

    union all

    -- 30/360: a month's interest is balance x rate / 12. The rate is printed to 5 decimals of a
    -- percent, so the check allows half a unit of that digit on the balance, plus a cent. The product
    -- of a balance and a rate is a ratio computation: it is done in double precision.
    select {{ check_row(
        'class_interest_accrual', 'class_name',
        'coalesce(interest_beginning_balance, beginning_balance)::double * pass_through_rate::double / 12',
        'accrued_interest',
        'coalesce(interest_beginning_balance, beginning_balance)::double * 0.00000005 / 12 + ' ~ cents(1),
        class_name='class_name', measure="'accrued_interest'") }}
    from classes

    union all

    -- An accrual (Z) class's interest accretes to its balance instead of being distributed.
    select {{ check_row(
        'class_interest_distribution', 'class_name',
        'accrued_interest - non_supported_interest_shortfall - interest_realized_loss'
        ~ ' + unpaid_interest_shortfall_paid - accretion',
        'interest_distribution', cents(5), class_name='class_name', measure="'interest_distribution'") }}
    from classes

    union all

    -- The ending percentage is ending balance / original face, printed to 8 decimals.
    select {{ check_row(
        'class_ending_factor', 'class_name',
        'ending_balance / nullif(original_face, 0)', 'ending_factor',
        '0.00000001 + 0.01 / nullif(original_face, 0)', class_name='class_name', measure="'ending_factor'") }}
    from classes
    where original_face > 0

),

primary_values as (

    select
        filing_seq,
        subject,
        measure,
        unit,
        value_number,
        table_role

    from cells
    where is_primary and not is_total

),

cross_table_figures as (

    -- The same figure printed in two tables must be the same figure.
    select {{ check_row(
        'class_figure_agreement',
        "other.subject || ': ' || other.measure || ' in ' || other.table_role",
        'primary_values.value_number', 'other.value_number', '0', 'other',
        class_name='other.subject', measure='other.measure', table_role='other.table_role') }}
    from cells as other
    inner join primary_values
        on
            other.filing_seq = primary_values.filing_seq
            and other.subject = primary_values.subject
            and other.measure = primary_values.measure
            and other.unit = primary_values.unit
    where not other.is_primary and not other.is_total

),

cross_table as (

    -- Figure by figure beyond tolerance, the others one row per class (macro figure_checks_collapsed).
    {{ figure_checks_collapsed('cross_table_figures', 'class_name', 'unit_key') }}

),

money_values as (

    select
        filing_seq,
        subject,
        measure,
        value_number

    from primary_values
    where unit = 'money'

),

faces as (

    select
        filing_seq,
        class_name,
        original_face

    from classes
    where original_face > 0

),

factor_figures as (

    -- Per-$1,000 factors: amount / original face x 1000, printed to 8 decimals (CTSLink) or 6
    -- (Bankers Trust); each side is rounded (the factor: factor_rounding; the amount to the cent).
    select {{ check_row(
        'class_factor', "factor.subject || ': ' || factor.measure || ' per 1000 in ' || factor.table_role",
        'money_values.value_number / faces.original_face * 1000', 'factor.value_number',
        'factor.factor_rounding + 10 / faces.original_face', 'factor',
        class_name='factor.subject', measure="factor.measure || '_per_1000'", table_role='factor.table_role') }}
    from cells as factor
    inner join faces
        on
            factor.filing_seq = faces.filing_seq
            and factor.subject = faces.class_name
    inner join money_values
        on
            factor.filing_seq = money_values.filing_seq
            and factor.subject = money_values.subject
            and factor.measure = money_values.measure
    where factor.unit = 'per_1000' and not factor.is_total

),

factor_checks as (

    {{ figure_checks_collapsed('factor_figures', 'class_name', 'unit_key') }}

),

class_sums as (

    select
        filing_seq,
        table_role,
        tier,
        measure,
        sum(value_number) as class_sum,
        count(*) as n_classes

    from cells
    where unit = 'money' and not is_total
    group by filing_seq, table_role, tier, measure

),

totals_rows as (

    -- A Totals row sums its class rows (of its tier): up to a cent per class, as each class figure is rounded.
    select {{ check_row(
        'class_totals_row', "total_cell.subject || ': ' || total_cell.measure || ' in ' || total_cell.table_role",
        'class_sums.class_sum', 'total_cell.value_number', cents('class_sums.n_classes'), 'total_cell',
        measure='total_cell.measure', table_role='total_cell.table_role') }}
    from cells as total_cell
    inner join class_sums
        on
            total_cell.filing_seq = class_sums.filing_seq
            and total_cell.table_role = class_sums.table_role
            and total_cell.tier is not distinct from class_sums.tier
            and total_cell.measure = class_sums.measure
    where total_cell.is_total and total_cell.unit = 'money'

)

select * from class_identities
union all
select * from cross_table
union all
select * from factor_checks
union all
select * from totals_rows
