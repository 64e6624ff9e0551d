{#-
    One row per filing x class (and the filing's Totals row, class_name 'Totals'): the class tables
    pivoted to columns. Each measure is read from its primary table (seed report_labels.is_primary);
    the same figure printed in other tables is compared in int_checks_class. Money DECIMAL(18,2),
    rates and factors as fractions, *_per_1000 as printed per $1,000 of original face.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where subject_axis = 'class' and cell_area = 'data' and {{ new_filings_only() }}

),

pivoted as (

    select
        filing_id,
        filing_seq,
        subject as class_name,
        bool_or(is_total) as is_total,
        min(line_no) as first_line_no,
        {{ pivot_measure('cusip', 'text') }},
        {{ pivot_measure('class_description', 'text') }},
        {{ pivot_measure('pass_through_rate', 'percent', primary_only=true) }},
        {{ pivot_measure('beginning_balance', 'money', primary_only=true) }},
        {{ pivot_measure('scheduled_principal', 'money', primary_only=true) }},
        {{ pivot_measure('unscheduled_principal', 'money', primary_only=true) }},
        {{ pivot_measure('accretion', 'money', primary_only=true) }},
        {{ pivot_measure('realized_loss', 'money', primary_only=true) }},
        {{ pivot_measure('total_principal_reduction', 'money', primary_only=true) }},
        {{ pivot_measure('principal_distribution', 'money', primary_only=true) }},
        {{ pivot_measure('accrued_interest', 'money', primary_only=true) }},
        {{ pivot_measure('unpaid_interest_shortfall_paid', 'money', primary_only=true) }},
        {{ pivot_measure('current_interest_shortfall', 'money', primary_only=true) }},
        {{ pivot_measure('non_supported_interest_shortfall', 'money', primary_only=true) }},
        {{ pivot_measure('interest_realized_loss', 'money', primary_only=true) }},
        {{ pivot_measure('interest_distribution', 'money', primary_only=true) }},
        {{ pivot_measure('remaining_unpaid_interest_shortfall', 'money', primary_only=true) }},
        {{ pivot_measure('total_distribution', 'money', primary_only=true) }},
        {{ pivot_measure('ending_balance', 'money', primary_only=true) }},
        {{ pivot_measure('cumulative_realized_loss', 'money', primary_only=true) }},
        {{ pivot_measure('original_face', 'money', primary_only=true) }},
        {{ pivot_measure('ending_factor', 'fraction', primary_only=true) }},
        {{ pivot_measure('beginning_balance', 'per_1000', primary_only=true, alias='beginning_balance_per_1000') }},
        {{ pivot_measure('scheduled_principal', 'per_1000', primary_only=true, alias='scheduled_principal_per_1000') }},
        {{ pivot_measure('unscheduled_principal', 'per_1000', primary_only=true, alias='unscheduled_principal_per_1000') }},
        {{ pivot_measure('accretion', 'per_1000', primary_only=true, alias='accretion_per_1000') }},
        {{ pivot_measure('realized_loss', 'per_1000', primary_only=true, alias='realized_loss_per_1000') }},
        {{ pivot_measure('total_principal_reduction', 'per_1000', primary_only=true, alias='total_principal_reduction_per_1000') }},
        {{ pivot_measure('ending_balance', 'per_1000', primary_only=true, alias='ending_balance_per_1000') }},
        {{ pivot_measure('principal_distribution', 'per_1000', primary_only=true, alias='principal_distribution_per_1000') }},
        {{ pivot_measure('accrued_interest', 'per_1000', primary_only=true, alias='accrued_interest_per_1000') }},
        {{ pivot_measure('unpaid_interest_shortfall_paid', 'per_1000', primary_only=true, alias='unpaid_interest_shortfall_paid_per_1000') }},
        {{ pivot_measure('current_interest_shortfall', 'per_1000', primary_only=true, alias='current_interest_shortfall_per_1000') }},
        {{ pivot_measure('non_supported_interest_shortfall', 'per_1000', primary_only=true, alias='non_supported_interest_shortfall_per_1000') }},
        {{ pivot_measure('interest_realized_loss', 'per_1000', primary_only=true, alias='interest_realized_loss_per_1000') }},
        {{ pivot_measure('interest_distribution', 'per_1000', primary_only=true, alias='interest_distribution_per_1000') }},
        {{ pivot_measure('remaining_unpaid_interest_shortfall', 'per_1000', primary_only=true, alias='remaining_unpaid_interest_shortfall_per_1000') }},
        try_cast(max(case when measure = 'beginning_balance' and table_role = 'class_interest' then value_number end) as decimal(18, 2))
            as interest_beginning_balance,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id, filing_seq, subject

)

select * from pivoted
