{#-
    Grain: one row per deal x distribution date, from the current filing of that date: the
    collateral statement, servicing fees, prepayment interest shortfall and certificate account.
    Money DECIMAL(18,2); coupons and rates are fractions.

    A view (over int_deal_statements_pivoted and dim_filing's current filings), as the other fact
    views: the figures are stored once, in the intermediate table.
-#}
{{ config(materialized='view') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current

),

deal as (

    select * from {{ ref('int_deal_statements_pivoted') }}

),

final as (

    select
        filings.deal_id,
        filings.filing_id,
        filings.distribution_date,
        filings.record_date,
        deal.collateral_description,
        deal.beginning_loan_count,
        deal.loans_paid_in_full,
        deal.ending_loan_count,
        deal.beginning_balance,
        deal.scheduled_principal,
        deal.unscheduled_principal,
        deal.realized_loss,
        deal.cumulative_realized_loss,
        deal.ending_balance,
        deal.ending_actual_balance,
        deal.gross_wac,
        deal.net_wac,
        deal.pass_through_rate,
        deal.wam_months,
        deal.pi_constant,
        deal.prepayment_penalties,
        deal.special_servicing_fee,
        deal.class_a_optimal_amount,
        deal.premium_loans_ending_balance,
        deal.gross_servicing_fee,
        deal.master_servicing_fee,
        deal.trustee_fee,
        deal.supported_prepayment_interest_shortfall,
        deal.net_servicing_fee,
        deal.prepayment_interest_shortfall,
        deal.servicing_fee_support,
        deal.non_supported_prepayment_interest_shortfall,
        deal.account_beginning_balance,
        deal.deposit_interest_and_principal,
        deal.deposit_liquidation_proceeds,
        deal.deposit_repurchase_proceeds,
        deal.deposit_servicer_advances,
        deal.deposit_realized_loss_recoveries,
        deal.deposit_prepayment_penalties,
        deal.total_deposits,
        deal.withdrawal_advance_reimbursement,
        deal.withdrawal_service_fee,
        deal.withdrawal_interest_and_principal,
        deal.total_withdrawals,
        deal.account_ending_balance,
        deal.insurer_premium,
        deal.insured_amount,
        deal.unpaid_insured_amount,
        deal.supplemental_interest_paid,
        deal.supplemental_interest_unpaid

    from deal
    inner join filings on deal.filing_id = filings.filing_id

)

select * from final
