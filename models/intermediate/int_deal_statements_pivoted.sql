{#-
    One row per filing: the deal-level statements (certificate account, prepayment interest
    shortfall, servicing fees, collateral statement) pivoted to columns.
-#}
with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where subject_axis = 'deal' and cell_area = 'data'

),

pivoted as (

    select
        filing_id,
        max(case when measure = 'collateral_description' then value_text end) as collateral_description,
        max(case when measure = 'beginning_loan_count' then value_number end)::integer as beginning_loan_count,
        max(case when measure = 'loans_paid_in_full' then value_number end)::integer as loans_paid_in_full,
        max(case when measure = 'ending_loan_count' then value_number end)::integer as ending_loan_count,
        max(case when measure = 'wam_months' then value_number end)::integer as wam_months,
        max(case when measure = 'account_beginning_balance' then value_number end)::decimal(18, 2) as account_beginning_balance,
        max(case when measure = 'deposit_interest_and_principal' then value_number end)::decimal(18, 2) as deposit_interest_and_principal,
        max(case when measure = 'deposit_liquidation_proceeds' then value_number end)::decimal(18, 2) as deposit_liquidation_proceeds,
        max(case when measure = 'deposit_repurchase_proceeds' then value_number end)::decimal(18, 2) as deposit_repurchase_proceeds,
        max(case when measure = 'deposit_servicer_advances' then value_number end)::decimal(18, 2) as deposit_servicer_advances,
        max(case when measure = 'deposit_realized_loss_recoveries' then value_number end)::decimal(18, 2) as deposit_realized_loss_recoveries,
        max(case when measure = 'deposit_prepayment_penalties' then value_number end)::decimal(18, 2) as deposit_prepayment_penalties,
        max(case when measure = 'total_deposits' then value_number end)::decimal(18, 2) as total_deposits,
        max(case when measure = 'withdrawal_advance_reimbursement' then value_number end)::decimal(18, 2) as withdrawal_advance_reimbursement,
        max(case when measure = 'withdrawal_service_fee' then value_number end)::decimal(18, 2) as withdrawal_service_fee,
        max(case when measure = 'withdrawal_interest_and_principal' then value_number end)::decimal(18, 2) as withdrawal_interest_and_principal,
        max(case when measure = 'total_withdrawals' then value_number end)::decimal(18, 2) as total_withdrawals,
        max(case when measure = 'account_ending_balance' then value_number end)::decimal(18, 2) as account_ending_balance,
        max(case when measure = 'prepayment_interest_shortfall' then value_number end)::decimal(18, 2) as prepayment_interest_shortfall,
        max(case when measure = 'servicing_fee_support' then value_number end)::decimal(18, 2) as servicing_fee_support,
        max(case when measure = 'non_supported_prepayment_interest_shortfall' then value_number end)::decimal(18, 2) as non_supported_prepayment_interest_shortfall,
        max(case when measure = 'gross_servicing_fee' then value_number end)::decimal(18, 2) as gross_servicing_fee,
        max(case when measure = 'master_servicing_fee' then value_number end)::decimal(18, 2) as master_servicing_fee,
        max(case when measure = 'trustee_fee' then value_number end)::decimal(18, 2) as trustee_fee,
        max(case when measure = 'supported_prepayment_interest_shortfall' then value_number end)::decimal(18, 2) as supported_prepayment_interest_shortfall,
        max(case when measure = 'net_servicing_fee' then value_number end)::decimal(18, 2) as net_servicing_fee,
        max(case when measure = 'beginning_balance' then value_number end)::decimal(18, 2) as beginning_balance,
        max(case when measure = 'ending_balance' then value_number end)::decimal(18, 2) as ending_balance,
        max(case when measure = 'ending_actual_balance' then value_number end)::decimal(18, 2) as ending_actual_balance,
        max(case when measure = 'pi_constant' then value_number end)::decimal(18, 2) as pi_constant,
        max(case when measure = 'special_servicing_fee' then value_number end)::decimal(18, 2) as special_servicing_fee,
        max(case when measure = 'prepayment_penalties' then value_number end)::decimal(18, 2) as prepayment_penalties,
        max(case when measure = 'realized_loss' then value_number end)::decimal(18, 2) as realized_loss,
        max(case when measure = 'cumulative_realized_loss' then value_number end)::decimal(18, 2) as cumulative_realized_loss,
        max(case when measure = 'class_a_optimal_amount' then value_number end)::decimal(18, 2) as class_a_optimal_amount,
        max(case when measure = 'premium_loans_ending_balance' then value_number end)::decimal(18, 2) as premium_loans_ending_balance,
        max(case when measure = 'scheduled_principal' then value_number end)::decimal(18, 2) as scheduled_principal,
        max(case when measure = 'unscheduled_principal' then value_number end)::decimal(18, 2) as unscheduled_principal,
        max(case when measure = 'gross_wac' then value_number end)::decimal(12, 10) as gross_wac,
        max(case when measure = 'net_wac' then value_number end)::decimal(12, 10) as net_wac,
        max(case when measure = 'pass_through_rate' then value_number end)::decimal(12, 10) as pass_through_rate,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id

)

select * from pivoted
