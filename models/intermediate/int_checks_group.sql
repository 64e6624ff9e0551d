{#-
    Reconciliation checks of the loan groups, one row per filing x check x subject: balance and loan
    count roll-forwards, net interest, the Total column, and the senior/subordinate percentages.
-#}
{{ config(materialized='batched') }}

with

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ new_filings_only() }}

),

group_identities as (

    select
{{ check_row(
        'group_balance_rollforward', "'Group ' || loan_group",
        'beginning_balance - scheduled_principal - unscheduled_principal - realized_loss', 'ending_balance',
        cents(4), loan_group='loan_group', measure="'ending_balance'", table_role="'group_collateral'") }}
    from groups

    union all

    -- Where the report prints the group's total principal (all sources): beginning - total = ending.
    select
{{ check_row(
        'group_principal_rollforward', "'Group ' || loan_group",
        'beginning_balance - total_principal', 'ending_balance', cents(3),
        loan_group='loan_group', measure="'ending_balance'") }}
    from groups
    where total_principal is not null

    union all

    -- Sources of principal and of interest sum to their totals, each line with the sign it is
    -- printed with ("LESS: DELINQUENT INTEREST (497,568.25)").
    select
{{ check_row(
        'group_principal_sources_sum', "'Group ' || loan_group",
        'scheduled_principal + prepayments_and_curtailments + repurchase_principal + net_liquidation_proceeds'
        ~ ' + insurance_principal + other_principal + prefunding_account_termination + realized_loss',
        'total_principal', cents(9),
        loan_group='loan_group', measure="'total_principal'") }}
    from groups
    where total_principal is not null

    union all

    select
{{ check_row(
        'group_interest_sources_sum', "'Group ' || loan_group",
        'scheduled_interest + repurchase_interest + liquidation_interest + insurance_interest + other_interest'
        ~ ' + delinquent_interest + prepayment_interest_shortfall + civil_relief_shortfall'
        ~ ' + collected_servicing_fee_deducted + interest_realized_loss + compensating_interest + interest_advanced'
        ~ ' + capitalized_interest + closing_date_deposit',
        'total_interest', cents(15),
        loan_group='loan_group', measure="'total_interest'") }}
    from groups
    where total_interest is not null

    union all

    select
{{ check_row(
        'group_total_sources', "'Group ' || loan_group",
        'total_principal + total_interest + permitted_withdrawals', 'total_sources', cents(4),
        loan_group='loan_group', measure="'total_sources'") }}
    from groups
    where total_sources is not null

    union all

    -- No liquidated-loan count is printed: loans leave a group by paying in full.
    select
{{ check_row(
        'group_loan_count_rollforward', "'Group ' || loan_group",
        'beginning_loan_count - loans_paid_in_full', 'ending_loan_count', '0',
        loan_group='loan_group', measure="'ending_loan_count'", table_role="'group_collateral'") }}
    from groups

    union all

    select
{{ check_row(
        'group_net_interest', "'Group ' || loan_group",
        'scheduled_interest - servicing_fee - master_servicing_fee - trustee_fee - fry_amount'
        ~ ' - special_hazard_fee - other_fee - pool_insurance_fee - spread_fee_1 - spread_fee_2 - spread_fee_3',
        'net_interest', cents(12), loan_group='loan_group', measure="'net_interest'", table_role="'group_collateral'") }}
    from groups

    union all

    select
{{ check_row(
        'group_senior_subordinate_sum', "'Group ' || loan_group",
        '1', 'senior_percentage + subordinate_percentage', '0.00000002',
        loan_group='loan_group', measure="'senior_percentage'", table_role="'group_percentages'") }}
    from groups
    where senior_percentage is not null

    union all

    select
{{ check_row(
        'group_senior_prepayment_sum', "'Group ' || loan_group",
        '1', 'senior_prepayment_percentage + subordinate_prepayment_percentage', '0.00000002',
        loan_group='loan_group', measure="'senior_prepayment_percentage'", table_role="'group_percentages'") }}
    from groups
    where senior_prepayment_percentage is not null

),

senior_balances as (

    select
        class_groups.filing_id,
        class_groups.filing_seq,
        class_groups.loan_group,
        sum(classes.beginning_balance) as senior_beginning_balance

    from class_groups
    inner join classes
        on
            class_groups.filing_id = classes.filing_id
            and class_groups.class_name = classes.class_name
    where class_groups.is_senior and not class_groups.is_notional and class_groups.loan_group is not null
    group by class_groups.filing_id, class_groups.filing_seq, class_groups.loan_group

),

senior_percentage as (

    -- Senior percentage = the group's senior classes' beginning balance / the group's beginning
    -- balance, printed to 6 decimals of a percent.
    select
{{ check_row(
        'group_senior_percentage', "'Group ' || groups.loan_group",
        'coalesce(senior_balances.senior_beginning_balance, 0) / nullif(groups.beginning_balance, 0)',
        'groups.senior_percentage', '0.00000001', 'groups',
        loan_group='groups.loan_group', measure="'senior_percentage'", table_role="'group_percentages'") }}
    from groups
    left join senior_balances
        on
            groups.filing_id = senior_balances.filing_id
            and groups.loan_group = senior_balances.loan_group
    where groups.senior_percentage is not null

),

group_cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where
        {{ new_filings_only() }}
        and table_subject_axis = 'group_columns'
        and subject_axis = 'group_columns'
        and cell_area = 'data'
        and unit in ('money', 'count')
        and value_kind = 'number'
        and measure != 'wam_months'

),

group_sums as (

    select
        filing_id,
        filing_seq,
        measure,
        sum(value_number) as group_sum,
        count(*) as n_groups

    from group_cells
    where not is_total
    group by filing_id, filing_seq, measure

),

total_column as (

    -- The statement's Total column sums its group columns (counts exactly; money to a cent a group).
    select
        {{ check_row(
            'group_total_column', "'Total: ' || total_cell.measure",
            'group_sums.group_sum', 'total_cell.value_number',
            "case when total_cell.unit = 'count' then 0 else " ~ cents('group_sums.n_groups') ~ " end",
            'total_cell', measure='total_cell.measure', table_role='total_cell.table_role') }}
    from group_cells as total_cell
    inner join group_sums
        on
            total_cell.filing_id = group_sums.filing_id
            and total_cell.measure = group_sums.measure
    where total_cell.is_total

)

select * from group_identities
union all
select * from senior_percentage
union all
select * from total_column
