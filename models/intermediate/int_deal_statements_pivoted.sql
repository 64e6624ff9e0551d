{#-
    One row per filing: the deal-level statements (certificate account, prepayment interest
    shortfall, servicing fees, collateral statement) pivoted to columns.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where subject_axis = 'deal' and cell_area = 'data' and {{ new_filings_only() }}

),

pivoted as (

    select
        filing_id,
        filing_seq,
        {{ pivot_measure('collateral_description', 'text') }},
        {{ pivot_measure('beginning_loan_count', 'count') }},
        {{ pivot_measure('loans_paid_in_full', 'count') }},
        {{ pivot_measure('ending_loan_count', 'count') }},
        {{ pivot_measure('wam_months', 'count') }},
        {{ pivot_measure('account_beginning_balance', 'money') }},
        {{ pivot_measure('deposit_interest_and_principal', 'money') }},
        {{ pivot_measure('deposit_liquidation_proceeds', 'money') }},
        {{ pivot_measure('deposit_repurchase_proceeds', 'money') }},
        {{ pivot_measure('deposit_servicer_advances', 'money') }},
        {{ pivot_measure('deposit_realized_loss_recoveries', 'money') }},
        {{ pivot_measure('deposit_prepayment_penalties', 'money') }},
        {{ pivot_measure('total_deposits', 'money') }},
        {{ pivot_measure('withdrawal_advance_reimbursement', 'money') }},
        {{ pivot_measure('withdrawal_service_fee', 'money') }},
        {{ pivot_measure('withdrawal_interest_and_principal', 'money') }},
        {{ pivot_measure('total_withdrawals', 'money') }},
        {{ pivot_measure('account_ending_balance', 'money') }},
        {{ pivot_measure('prepayment_interest_shortfall', 'money') }},
        {{ pivot_measure('servicing_fee_support', 'money') }},
        {{ pivot_measure('non_supported_prepayment_interest_shortfall', 'money') }},
        {{ pivot_measure('gross_servicing_fee', 'money') }},
        {{ pivot_measure('master_servicing_fee', 'money') }},
        {{ pivot_measure('trustee_fee', 'money') }},
        {{ pivot_measure('supported_prepayment_interest_shortfall', 'money') }},
        {{ pivot_measure('net_servicing_fee', 'money') }},
        {{ pivot_measure('beginning_balance', 'money') }},
        {{ pivot_measure('ending_balance', 'money') }},
        {{ pivot_measure('ending_actual_balance', 'money') }},
        {{ pivot_measure('pi_constant', 'money') }},
        {{ pivot_measure('special_servicing_fee', 'money') }},
        {{ pivot_measure('prepayment_penalties', 'money') }},
        {{ pivot_measure('realized_loss', 'money') }},
        {{ pivot_measure('cumulative_realized_loss', 'money') }},
        {{ pivot_measure('class_a_optimal_amount', 'money') }},
        {{ pivot_measure('premium_loans_ending_balance', 'money') }},
        {{ pivot_measure('scheduled_principal', 'money') }},
        {{ pivot_measure('unscheduled_principal', 'money') }},
        {{ pivot_measure('gross_wac', 'percent') }},
        {{ pivot_measure('net_wac', 'percent') }},
        {{ pivot_measure('pass_through_rate', 'percent') }},
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id, filing_seq

)

select * from pivoted
