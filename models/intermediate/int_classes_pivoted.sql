{#-
    One row per filing x class (and the filing's Totals row, class_name 'Totals'): the class tables
    pivoted to columns. Each measure is read from its primary table (seed report_labels.is_primary);
    the same figure printed in other tables is compared in int_checks_class. Money DECIMAL(18,2),
    rates and factors as fractions, *_per_1000 as printed per $1,000 of original face.
-#}
with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where subject_axis = 'class' and cell_area = 'data'

),

pivoted as (

    select
        filing_id,
        subject as class_name,
        bool_or(is_total) as is_total,
        min(line_no) as first_line_no,
        max(case when measure = 'cusip' then value_text end) as cusip,
        max(case when measure = 'class_description' then value_text end) as class_description,
        max(case when measure = 'pass_through_rate' and is_primary then value_number end)::decimal(12, 10)
            as pass_through_rate,
        max(case when measure = 'beginning_balance' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as beginning_balance,
        max(case when measure = 'scheduled_principal' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as scheduled_principal,
        max(case when measure = 'unscheduled_principal' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as unscheduled_principal,
        max(case when measure = 'accretion' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as accretion,
        max(case when measure = 'realized_loss' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as realized_loss,
        max(case when measure = 'total_principal_reduction' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as total_principal_reduction,
        max(case when measure = 'principal_distribution' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as principal_distribution,
        max(case when measure = 'accrued_interest' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as accrued_interest,
        max(case when measure = 'unpaid_interest_shortfall_paid' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as unpaid_interest_shortfall_paid,
        max(case when measure = 'current_interest_shortfall' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as current_interest_shortfall,
        max(case when measure = 'non_supported_interest_shortfall' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as non_supported_interest_shortfall,
        max(case when measure = 'interest_realized_loss' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as interest_realized_loss,
        max(case when measure = 'interest_distribution' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as interest_distribution,
        max(case when measure = 'remaining_unpaid_interest_shortfall' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as remaining_unpaid_interest_shortfall,
        max(case when measure = 'total_distribution' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as total_distribution,
        max(case when measure = 'ending_balance' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as ending_balance,
        max(case when measure = 'cumulative_realized_loss' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as cumulative_realized_loss,
        max(case when measure = 'original_face' and unit = 'money' and is_primary then value_number end)::decimal(18, 2)
            as original_face,
        max(case when measure = 'ending_factor' and is_primary then value_number end)::decimal(12, 10)
            as ending_factor,
        max(case when measure = 'beginning_balance' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as beginning_balance_per_1000,
        max(case when measure = 'scheduled_principal' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as scheduled_principal_per_1000,
        max(case when measure = 'unscheduled_principal' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as unscheduled_principal_per_1000,
        max(case when measure = 'accretion' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as accretion_per_1000,
        max(case when measure = 'realized_loss' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as realized_loss_per_1000,
        max(case when measure = 'total_principal_reduction' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as total_principal_reduction_per_1000,
        max(case when measure = 'ending_balance' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as ending_balance_per_1000,
        max(case when measure = 'principal_distribution' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as principal_distribution_per_1000,
        max(case when measure = 'accrued_interest' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as accrued_interest_per_1000,
        max(case when measure = 'unpaid_interest_shortfall_paid' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as unpaid_interest_shortfall_paid_per_1000,
        max(case when measure = 'current_interest_shortfall' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as current_interest_shortfall_per_1000,
        max(case when measure = 'non_supported_interest_shortfall' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as non_supported_interest_shortfall_per_1000,
        max(case when measure = 'interest_realized_loss' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as interest_realized_loss_per_1000,
        max(case when measure = 'interest_distribution' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as interest_distribution_per_1000,
        max(case when measure = 'remaining_unpaid_interest_shortfall' and unit = 'per_1000' and is_primary then value_number end)::decimal(20, 10)
            as remaining_unpaid_interest_shortfall_per_1000,
        max(case when measure = 'beginning_balance' and table_role = 'class_interest' then value_number end)
        ::decimal(18, 2) as interest_beginning_balance,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id, subject

)

select * from pivoted
