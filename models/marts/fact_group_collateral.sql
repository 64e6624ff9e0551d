{#-
    Grain: one row per loan group x distribution date, from the current filing of that date (the
    group statement's Total column is not a group and is not here; it is checked in
    audit_reconciliation). Money DECIMAL(18,2); coupons, rates and percentages are fractions
    (the statement prints 3.114232 meaning 3.114232% -> 0.03114232); wam_months in months.

    A view (over int_groups_pivoted and dim_filing's current filings): the figures are stored once, in the
    intermediate table; its _history mart holds every version.
-#}
{{ config(materialized='view') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current

),

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total

),

final as (

    select
        filings.deal_id,
        filings.filing_id,
        filings.distribution_date,
        groups.loan_group,
        groups.collateral_description,
        groups.beginning_loan_count,
        groups.loans_paid_in_full,
        groups.ending_loan_count,
        groups.beginning_balance,
        groups.scheduled_principal,
        groups.unscheduled_principal,
        groups.realized_loss,
        groups.ending_balance,
        groups.scheduled_interest,
        groups.servicing_fee,
        groups.master_servicing_fee,
        groups.trustee_fee,
        groups.fry_amount,
        groups.special_hazard_fee,
        groups.other_fee,
        groups.pool_insurance_fee,
        groups.spread_fee_1,
        groups.spread_fee_2,
        groups.spread_fee_3,
        groups.net_interest,
        groups.gross_wac,
        groups.net_wac,
        groups.pass_through_rate,
        groups.wam_months,
        groups.senior_percentage,
        groups.senior_prepayment_percentage,
        groups.subordinate_percentage,
        groups.subordinate_prepayment_percentage,
        groups.pi_constant,
        groups.cumulative_realized_loss,
        groups.cumulative_loss_percentage,
        groups.prepayment_penalties,
        groups.special_servicing_fee,
        groups.group_name,
        groups.prepayments_and_curtailments,
        groups.repurchase_principal,
        groups.net_liquidation_proceeds,
        groups.insurance_principal,
        groups.other_principal,
        groups.prefunding_account_termination,
        groups.total_principal,
        groups.repurchase_interest,
        groups.liquidation_interest,
        groups.insurance_interest,
        groups.other_interest,
        groups.delinquent_interest,
        groups.prepayment_interest_shortfall,
        groups.civil_relief_shortfall,
        groups.collected_servicing_fee_deducted,
        groups.interest_realized_loss,
        groups.compensating_interest,
        groups.interest_advanced,
        groups.capitalized_interest,
        groups.closing_date_deposit,
        groups.total_interest,
        groups.permitted_withdrawals,
        groups.total_sources,
        groups.servicing_fee_shortfall_cover,
        groups.delinquent_servicing_fee,
        groups.collected_servicing_fee,
        groups.loans_purchased_balance,
        groups.extra_principal_distribution,
        groups.overcollateralization_amount,
        groups.overcollateralization_target,
        groups.loans_purchased_count,
        groups.group_factor,
        groups.next_gross_wac,
        groups.rolling_loss_trigger,
        groups.cumulative_loss_trigger,
        groups.delinquency_trigger

    from groups
    inner join filings on groups.filing_id = filings.filing_id

)

select * from final
