{#-
    One row per filing x loan group (loan_group null and is_total for the statement's Total column):
    the group-level collateral statement and the group percentages of "Miscellaneous Reporting",
    pivoted to columns.
-#}
with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where table_role in ('group_collateral', 'group_percentages') and cell_area = 'data'

),

pivoted as (

    select
        filing_id,
        loan_group,
        bool_or(is_total) as is_total,
        min(line_no) as first_line_no,
        max(case when measure = 'collateral_description' then value_text end) as collateral_description,
        max(case when measure = 'record_date' then value_date end) as record_date,
        max(case when measure = 'beginning_loan_count' then value_number end)::integer as beginning_loan_count,
        max(case when measure = 'loans_paid_in_full' then value_number end)::integer as loans_paid_in_full,
        max(case when measure = 'ending_loan_count' then value_number end)::integer as ending_loan_count,
        max(case when measure = 'wam_months' then value_number end)::integer as wam_months,
        max(case when measure = 'beginning_balance' then value_number end)::decimal(18, 2) as beginning_balance,
        max(case when measure = 'ending_balance' then value_number end)::decimal(18, 2) as ending_balance,
        max(case when measure = 'pi_constant' then value_number end)::decimal(18, 2) as pi_constant,
        max(case when measure = 'scheduled_principal' then value_number end)::decimal(18, 2) as scheduled_principal,
        max(case when measure = 'unscheduled_principal' then value_number end)::decimal(18, 2) as unscheduled_principal,
        max(case when measure = 'scheduled_interest' then value_number end)::decimal(18, 2) as scheduled_interest,
        max(case when measure = 'servicing_fee' then value_number end)::decimal(18, 2) as servicing_fee,
        max(case when measure = 'master_servicing_fee' then value_number end)::decimal(18, 2) as master_servicing_fee,
        max(case when measure = 'trustee_fee' then value_number end)::decimal(18, 2) as trustee_fee,
        max(case when measure = 'fry_amount' then value_number end)::decimal(18, 2) as fry_amount,
        max(case when measure = 'special_hazard_fee' then value_number end)::decimal(18, 2) as special_hazard_fee,
        max(case when measure = 'other_fee' then value_number end)::decimal(18, 2) as other_fee,
        max(case when measure = 'pool_insurance_fee' then value_number end)::decimal(18, 2) as pool_insurance_fee,
        max(case when measure = 'spread_fee_1' then value_number end)::decimal(18, 2) as spread_fee_1,
        max(case when measure = 'spread_fee_2' then value_number end)::decimal(18, 2) as spread_fee_2,
        max(case when measure = 'spread_fee_3' then value_number end)::decimal(18, 2) as spread_fee_3,
        max(case when measure = 'net_interest' then value_number end)::decimal(18, 2) as net_interest,
        max(case when measure = 'realized_loss' then value_number end)::decimal(18, 2) as realized_loss,
        max(case when measure = 'cumulative_realized_loss' then value_number end)::decimal(18, 2) as cumulative_realized_loss,
        max(case when measure = 'prepayment_penalties' then value_number end)::decimal(18, 2) as prepayment_penalties,
        max(case when measure = 'special_servicing_fee' then value_number end)::decimal(18, 2) as special_servicing_fee,
        max(case when measure = 'gross_wac' then value_number end)::decimal(12, 10) as gross_wac,
        max(case when measure = 'net_wac' then value_number end)::decimal(12, 10) as net_wac,
        max(case when measure = 'pass_through_rate' then value_number end)::decimal(12, 10) as pass_through_rate,
        max(case when measure = 'cumulative_loss_percentage' then value_number end)::decimal(12, 10) as cumulative_loss_percentage,
        max(case when measure = 'senior_percentage' then value_number end)::decimal(12, 10) as senior_percentage,
        max(case when measure = 'senior_prepayment_percentage' then value_number end)::decimal(12, 10) as senior_prepayment_percentage,
        max(case when measure = 'subordinate_percentage' then value_number end)::decimal(12, 10) as subordinate_percentage,
        max(case when measure = 'subordinate_prepayment_percentage' then value_number end)::decimal(12, 10) as subordinate_prepayment_percentage,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    where measure is distinct from 'group_heading'
    group by filing_id, loan_group

)

select * from pivoted
