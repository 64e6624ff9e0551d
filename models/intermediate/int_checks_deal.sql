{#-
    Reconciliation checks across the deal-level statements, one row per filing x check x subject:
    the certificate account, servicing fees, prepayment interest shortfall, the collateral statement
    against the group Total column, and the pool against the bonds.
-#}
with

deal as (

    select * from {{ ref('int_deal_statements_pivoted') }}

),

group_totals as (

    select * from {{ ref('int_groups_pivoted') }}
    where is_total

),

class_totals as (

    select * from {{ ref('int_classes_pivoted') }}
    where is_total

),

account as (

    select {{ check_row(
        'account_rollforward', "'Certificate account'",
        'account_beginning_balance + total_deposits - total_withdrawals', 'account_ending_balance',
        cents(3)) }}
    from deal

    union all

    select {{ check_row(
        'account_deposits_sum', "'Certificate account: deposits'",
        'deposit_interest_and_principal + deposit_liquidation_proceeds + deposit_repurchase_proceeds'
        ~ ' + deposit_servicer_advances + deposit_realized_loss_recoveries + deposit_prepayment_penalties',
        'total_deposits', cents(6)) }}
    from deal

    union all

    select {{ check_row(
        'account_withdrawals_sum', "'Certificate account: withdrawals'",
        'withdrawal_advance_reimbursement + withdrawal_service_fee + withdrawal_interest_and_principal',
        'total_withdrawals', cents(3)) }}
    from deal

    union all

    select {{ check_row(
        'net_servicing_fee', "'Servicing fees'",
        'gross_servicing_fee + master_servicing_fee + trustee_fee - supported_prepayment_interest_shortfall',
        'net_servicing_fee', cents(4)) }}
    from deal

    union all

    select {{ check_row(
        'service_fee_paid', "'Servicing fees: payment of service fee'",
        'net_servicing_fee', 'withdrawal_service_fee', '0') }}
    from deal

    union all

    select {{ check_row(
        'prepayment_shortfall_split', "'Prepayment interest shortfall'",
        'prepayment_interest_shortfall - servicing_fee_support', 'non_supported_prepayment_interest_shortfall',
        cents(2)) }}
    from deal

),

with_totals as (

    select
        deal.*,
        {%- for column in ['beginning_balance', 'ending_balance', 'scheduled_principal', 'unscheduled_principal',
            'beginning_loan_count', 'loans_paid_in_full', 'ending_loan_count', 'wam_months', 'realized_loss',
            'cumulative_realized_loss', 'pi_constant', 'prepayment_penalties', 'special_servicing_fee',
            'gross_wac', 'net_wac', 'pass_through_rate', 'servicing_fee', 'master_servicing_fee',
            'trustee_fee', 'net_interest'] %}
        group_totals.{{ column }} as group_total_{{ column }},
        {%- endfor %}
        class_totals.principal_distribution as bond_principal_distribution,
        class_totals.interest_distribution as bond_interest_distribution,
        class_totals.total_distribution as bond_total_distribution,
        class_totals.beginning_balance as bond_beginning_balance,
        class_totals.ending_balance as bond_ending_balance

    from deal
    left join group_totals on deal.filing_id = group_totals.filing_id
    left join class_totals on deal.filing_id = class_totals.filing_id

),

collateral_vs_groups as (

    -- The collateral statement and the group statement's Total column print the same figures.
    {%- for column in ['beginning_balance', 'ending_balance', 'scheduled_principal', 'unscheduled_principal',
        'beginning_loan_count', 'loans_paid_in_full', 'ending_loan_count', 'wam_months', 'realized_loss',
        'cumulative_realized_loss', 'pi_constant', 'prepayment_penalties', 'special_servicing_fee',
        'gross_wac', 'net_wac', 'pass_through_rate'] %}
    select {{ check_row(
        'collateral_vs_group_total', "'Collateral statement: " ~ column ~ "'",
        'group_total_' ~ column, column, '0') }}
    from with_totals
    union all
    {%- endfor %}
    {%- for fee, group_fee in [('gross_servicing_fee', 'servicing_fee'), ('master_servicing_fee', 'master_servicing_fee'),
        ('trustee_fee', 'trustee_fee')] %}
    select {{ check_row(
        'servicing_fees_vs_group_total', "'Servicing fees: " ~ fee ~ "'",
        'group_total_' ~ group_fee, fee, '0') }}
    from with_totals
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

pool_to_bonds as (

    select {{ check_row(
        'pool_to_bond_principal', "'Pool vs certificates: principal'",
        'scheduled_principal + unscheduled_principal', 'bond_principal_distribution', cents(2)) }}
    from with_totals

    union all

    select {{ check_row(
        'pool_to_bond_interest', "'Pool vs certificates: interest'",
        'group_total_net_interest', 'bond_interest_distribution', cents(2)) }}
    from with_totals

    union all

    select {{ check_row(
        'pool_to_bond_distribution', "'Certificate account: payment of interest and principal'",
        'bond_total_distribution', 'withdrawal_interest_and_principal', '0') }}
    from with_totals

    union all

    select {{ check_row(
        'pool_to_bond_balance', "'Pool vs certificates: beginning balance'",
        'beginning_balance', 'bond_beginning_balance', var('pool_to_bond_balance_tolerance')) }}
    from with_totals

    union all

    select {{ check_row(
        'pool_to_bond_balance', "'Pool vs certificates: ending balance'",
        'ending_balance', 'bond_ending_balance', var('pool_to_bond_balance_tolerance')) }}
    from with_totals

)

select * from account
union all
select * from collateral_vs_groups
union all
select * from pool_to_bonds
