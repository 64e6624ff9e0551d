{#-
    Grain: one row per deal x distribution date (the whole pool), from the current filings: the
    collateral statement and certificate account of fact_deal_distribution, the certificates'
    original face (fact_class_distribution, principal classes only) and the groups' delinquency
    (fact_group_performance, summed). Every formula is in fact_deal_performance.yml
    (macros/performance.sql). The certificate account prints the liquidation proceeds, so the
    pool has mdr, cdr_*, severity and the voluntary speed.

    Incremental by deal and month, as fact_group_performance (changed_scope deal_since).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal_since', on_schema_change='fail') }}

with

deal as (

    select * from {{ ref('fact_deal_distribution') }}
    where {{ changed_only('deal', 'deal_id') }}

),

classes as (

    select * from {{ ref('fact_class_distribution') }}
    where {{ changed_only('deal', 'deal_id') }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ changed_only('deal_filings', 'filing_seq', key='filing_seq') }}

),

groups as (

    select * from {{ ref('fact_group_performance') }}
    where {{ changed_only('deal', 'deal_id') }}

),

original_face as (

    select
        classes.filing_id,
        sum(classes.original_face)::decimal(18, 2) as original_balance

    from classes
    inner join class_groups
        on
            classes.filing_id = class_groups.filing_id
            and classes.class_name = class_groups.class_name
    where not class_groups.is_notional
    group by classes.filing_id

),

delinquency_amounts as (

    select
        deal_id,
        distribution_date,
        {{ delinquency_amounts_summed() }}

    from groups
    group by deal_id, distribution_date

),

base as (

    select
        deal.deal_id,
        deal.distribution_date,
        deal.filing_id,
        year(deal.distribution_date) * 12 + month(deal.distribution_date) as month_index,
        deal.beginning_balance,
        deal.scheduled_principal,
        deal.unscheduled_principal,
        deal.realized_loss,
        deal.deposit_liquidation_proceeds as liquidation_proceeds,
        deal.ending_balance,
        deal.cumulative_realized_loss,
        original_face.original_balance,
        deal.ending_loan_count,
        deal.gross_wac,
        deal.net_wac,
        deal.wam_months,
        {{ delinquency_amount_columns('delinquency_amounts') }}

    from deal
    left join original_face on deal.filing_id = original_face.filing_id
    left join delinquency_amounts
        on
            deal.deal_id = delinquency_amounts.deal_id
            and deal.distribution_date = delinquency_amounts.distribution_date

),

monthly as (

    select
        *,
        {{ performance_monthly_rates() }}

    from base

),

final as (

    select
        deal_id,
        distribution_date,
        filing_id,
        make_date(year(distribution_date), month(distribution_date), 1) as distribution_month,
        (month_index - min(month_index) over (partition by deal_id) + 1)::integer as months_since_first,
        original_balance,
        beginning_balance,
        scheduled_principal,
        unscheduled_principal,
        realized_loss,
        ending_balance,
        liquidation_proceeds,
        liquidated_balance::decimal(18, 2) as liquidated_balance,
        voluntary_prepayment::decimal(18, 2) as voluntary_prepayment,
        cumulative_realized_loss,
        ending_loan_count,
        gross_wac,
        net_wac,
        wam_months,
        (ending_balance::double / nullif(original_balance, 0))::decimal(12, 10) as pool_factor,
        {{ performance_rates('deal_id') }},
        (cumulative_realized_loss::double / nullif(original_balance, 0))::decimal(12, 10) as cumulative_loss_pct,
        {{ delinquency_amount_columns() }},
        {{ delinquency_pcts('ending_balance', 'ending_loan_count') }}

    from monthly

)

select * from final
where {{ changed_only('deal_since', 'filing_id') }}
