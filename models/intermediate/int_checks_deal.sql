{#-
    Reconciliation checks across the deal-level statements, one row per filing x check x subject:
    the certificate account, servicing fees, prepayment interest shortfall, the collateral statement
    against the group Total column, the pool against the bonds, and the pool against a lower tier
    (REMIC I) where the report prints one.
-#}
{{ config(materialized='batched') }}

with

deal as (

    select * from {{ ref('int_deal_statements_pivoted') }}
    where {{ new_filings_only() }}

),

group_totals as (

    select * from {{ ref('int_groups_pivoted') }}
    where is_total and {{ new_filings_only() }}

),

class_totals as (

    select * from {{ ref('int_classes_pivoted') }}
    where is_total and {{ new_filings_only() }}

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ new_filings_only() }}

),

bond_sums as (

    -- The certificates' side of the pool-to-bond checks, summed over the class rows. A notional
    -- (interest-only) balance is not principal; an accrual class's accretion is paid as principal to
    -- other classes out of interest.
    select
        classes.filing_id,
        classes.filing_seq,
        count(*) as n_classes,
        sum(classes.principal_distribution) as principal_distribution,
        sum(classes.accretion) as accretion,
        sum(classes.interest_distribution) as interest_distribution,
        sum(classes.beginning_balance) filter (where not class_groups.is_notional) as beginning_balance,
        sum(classes.ending_balance) filter (where not class_groups.is_notional) as ending_balance

    from classes
    inner join class_groups
        on
            classes.filing_id = class_groups.filing_id
            and classes.class_name = class_groups.class_name
    -- A lower-tier (REMIC I) interest is not a certificate: summing it too would count twice.
    where not classes.is_lower_tier
    group by classes.filing_id, classes.filing_seq

),

lower_tier_sums as (

    -- The lower tier's regular interests (REMIC I), which the pool's collections pay in full.
    select
        filing_id,
        filing_seq,
        count(*) as n_classes,
        sum(principal_distribution) as principal_distribution,
        sum(interest_distribution) as interest_distribution,
        sum(beginning_balance) as beginning_balance,
        sum(ending_balance) as ending_balance

    from classes
    where is_lower_tier
    group by filing_id, filing_seq

),

lower_tier_vs_pool as (

    select
        lower_tier_sums.filing_id,
        lower_tier_sums.filing_seq,
        lower_tier_sums.n_classes,
        lower_tier_sums.principal_distribution,
        lower_tier_sums.interest_distribution,
        lower_tier_sums.beginning_balance,
        lower_tier_sums.ending_balance,
        group_totals.total_principal as pool_principal,
        group_totals.total_interest as pool_interest,
        group_totals.beginning_balance as pool_beginning_balance,
        group_totals.ending_balance as pool_ending_balance

    from lower_tier_sums
    inner join group_totals on lower_tier_sums.filing_id = group_totals.filing_id

),

pool_to_lower_tier as (

    -- REMIC I totals = the pool: its principal and interest are the collection account's total
    -- principal and total interest, its balances the pool's prior and current balance.
    select
{{ check_row(
        'pool_to_lower_tier_principal', "'Pool vs lower tier: principal'",
        'pool_principal', 'principal_distribution', cents('n_classes'),
        measure="'principal_distribution'") }}
    from lower_tier_vs_pool

    union all

    select
{{ check_row(
        'pool_to_lower_tier_interest', "'Pool vs lower tier: interest'",
        'pool_interest', 'interest_distribution', cents('n_classes'),
        measure="'interest_distribution'") }}
    from lower_tier_vs_pool

    union all

    select
{{ check_row(
        'pool_to_lower_tier_balance', "'Pool vs lower tier: beginning balance'",
        'pool_beginning_balance', 'beginning_balance', cents('n_classes'),
        measure="'beginning_balance'") }}
    from lower_tier_vs_pool

    union all

    select
{{ check_row(
        'pool_to_lower_tier_balance', "'Pool vs lower tier: ending balance'",
        'pool_ending_balance', 'ending_balance', cents('n_classes'),
        measure="'ending_balance'") }}
    from lower_tier_vs_pool

),

account as (

    select
{{ check_row(
        'account_rollforward', "'Certificate account'",
        'account_beginning_balance + total_deposits - total_withdrawals', 'account_ending_balance',
        cents(3), measure="'account_ending_balance'", table_role="'certificate_account'") }}
    from deal

    union all

    select
{{ check_row(
        'account_deposits_sum', "'Certificate account: deposits'",
        'deposit_interest_and_principal + deposit_liquidation_proceeds + deposit_repurchase_proceeds'
        ~ ' + deposit_servicer_advances + deposit_realized_loss_recoveries + deposit_prepayment_penalties',
        'total_deposits', cents(6), measure="'total_deposits'", table_role="'certificate_account'") }}
    from deal

    union all

    select
{{ check_row(
        'account_withdrawals_sum', "'Certificate account: withdrawals'",
        'withdrawal_advance_reimbursement + withdrawal_service_fee + withdrawal_interest_and_principal',
        'total_withdrawals', cents(3), measure="'total_withdrawals'", table_role="'certificate_account'") }}
    from deal

    union all

    select
{{ check_row(
        'net_servicing_fee', "'Servicing fees'",
        'gross_servicing_fee + master_servicing_fee + trustee_fee - supported_prepayment_interest_shortfall',
        'net_servicing_fee', cents(4), measure="'net_servicing_fee'", table_role="'servicing_fees'") }}
    from deal

    union all

    select
{{ check_row(
        'service_fee_paid', "'Servicing fees: payment of service fee'",
        'net_servicing_fee', 'withdrawal_service_fee', '0',
        measure="'withdrawal_service_fee'", table_role="'certificate_account'") }}
    from deal

    union all

    select
{{ check_row(
        'prepayment_shortfall_split', "'Prepayment interest shortfall'",
        'prepayment_interest_shortfall - servicing_fee_support', 'non_supported_prepayment_interest_shortfall',
        cents(2), measure="'non_supported_prepayment_interest_shortfall'", table_role="'prepayment_shortfall'") }}
    from deal

),

statement_cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    -- The tables compared below: the group statement's Total column, the collateral and servicing fee statements.
    where
        table_role in ('group_collateral', 'collateral', 'servicing_fees')
        and cell_area = 'data' and unit != 'text' and value_number is not null and {{ new_filings_only() }}

),

group_total_cells as (

    select * from statement_cells
    where table_role = 'group_collateral' and is_total

),

fee_pairs as (

    -- The servicing fee statement's lines and the group statement rows they total.
    select
        'gross_servicing_fee' as fee_measure,
        'servicing_fee' as group_measure
    union all
    select
        'master_servicing_fee' as fee_measure,
        'master_servicing_fee' as group_measure
    union all
    select
        'trustee_fee' as fee_measure,
        'trustee_fee' as group_measure

),

collateral_vs_groups as (

    -- The collateral statement and the group statement's Total column print the same figures.
    select
        {{ check_row(
            'collateral_vs_group_total', "'Collateral statement: ' || collateral.measure",
            'group_total.value_number', 'collateral.value_number', '0', 'collateral',
            measure='collateral.measure', table_role='collateral.table_role') }}
    from statement_cells as collateral
    inner join group_total_cells as group_total
        on
            collateral.filing_id = group_total.filing_id
            and collateral.measure = group_total.measure
    where collateral.table_role = 'collateral'

    union all

    select
        {{ check_row(
            'servicing_fees_vs_group_total', "'Servicing fees: ' || fees.measure",
            'group_total.value_number', 'fees.value_number', '0', 'fees',
            measure='fees.measure', table_role='fees.table_role') }}
    from statement_cells as fees
    inner join fee_pairs on fees.measure = fee_pairs.fee_measure
    inner join group_total_cells as group_total
        on
            fees.filing_id = group_total.filing_id
            and fee_pairs.group_measure = group_total.measure
    where fees.table_role = 'servicing_fees'

),

with_totals as (

    select
        deal.*,
        group_totals.net_interest as group_total_net_interest,
        bond_sums.n_classes,
        bond_sums.principal_distribution as bond_principal_distribution,
        bond_sums.accretion as bond_accretion,
        bond_sums.interest_distribution as bond_interest_distribution,
        class_totals.total_distribution as bond_total_distribution,
        bond_sums.beginning_balance as bond_beginning_balance,
        bond_sums.ending_balance as bond_ending_balance

    from deal
    left join group_totals on deal.filing_id = group_totals.filing_id
    left join class_totals on deal.filing_id = class_totals.filing_id
    left join bond_sums on deal.filing_id = bond_sums.filing_id

),

pool_to_bonds as (

    select
{{ check_row(
        'pool_to_bond_principal', "'Pool vs certificates: principal'",
        'scheduled_principal + unscheduled_principal', 'bond_principal_distribution - bond_accretion',
        cents('n_classes + 2'), measure="'principal_distribution'") }}
    from with_totals

    union all

    select
{{ check_row(
        'pool_to_bond_interest', "'Pool vs certificates: interest'",
        'group_total_net_interest', 'bond_interest_distribution + bond_accretion', cents('n_classes + 1'),
        measure="'interest_distribution'") }}
    from with_totals

    union all

    select
{{ check_row(
        'pool_to_bond_distribution', "'Certificate account: payment of interest and principal'",
        'bond_total_distribution', 'withdrawal_interest_and_principal', '0',
        measure="'withdrawal_interest_and_principal'", table_role="'certificate_account'") }}
    from with_totals

    union all

    select
{{ check_row(
        'pool_to_bond_balance', "'Pool vs certificates: beginning balance'",
        'beginning_balance', 'bond_beginning_balance', var('pool_to_bond_balance_tolerance'),
        measure="'beginning_balance'") }}
    from with_totals

    union all

    select
{{ check_row(
        'pool_to_bond_balance', "'Pool vs certificates: ending balance'",
        'ending_balance', 'bond_ending_balance', var('pool_to_bond_balance_tolerance'),
        measure="'ending_balance'") }}
    from with_totals

)

select * from account
union all
select * from collateral_vs_groups
union all
select * from pool_to_bonds
union all
select * from pool_to_lower_tier
