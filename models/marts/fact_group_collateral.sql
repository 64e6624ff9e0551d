{#-
    Grain: one row per loan group x distribution date, from the current filing of that date (the
    group statement's Total column is not a group and is not here; it is checked in
    audit_reconciliation). Money DECIMAL(18,2); coupons, rates and percentages are fractions
    (the statement prints 3.114232 meaning 3.114232% -> 0.03114232); wam_months in months.
-#}
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
        groups.special_servicing_fee

    from groups
    inner join filings on groups.filing_id = filings.filing_id

)

select * from final
