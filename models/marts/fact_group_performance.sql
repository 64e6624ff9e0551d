{#-
    Grain: one row per deal x loan group x distribution date, from the current filings
    (fact_group_collateral, fact_group_delinquency). Prepayment speeds, losses and the delinquency
    pipeline of the group; every formula is in fact_group_performance.yml (macros/performance.sql).
    This report family prints no liquidation proceeds or liquidated balance per group: mdr, cdr_*,
    severity and voluntary_smm are NULL here (fact_deal_performance has them for the pool).

    Incremental by deal and month: a month's windows (3, 6 and 12 months, life) read earlier months
    only, so a build reads the whole history of the deals that have a new filing and replaces the
    months from the earliest new one on (a new month: that month; a late month or an amendment: the
    months from it on; changed_scope deal_since).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal_since', on_schema_change='fail') }}

with

collateral as (

    select * from {{ ref('fact_group_collateral') }}
    where {{ changed_only('deal', 'deal_id') }}

),

delinquency as (

    select * from {{ ref('fact_group_delinquency') }}
    where {{ changed_only('deal', 'deal_id') }}

),

delinquency_amounts as (

    select
        deal_id,
        distribution_date,
        loan_group,
        {{ delinquency_amounts() }}

    from delinquency
    group by deal_id, distribution_date, loan_group

),

base as (

    select
        collateral.deal_id,
        collateral.loan_group,
        collateral.distribution_date,
        collateral.filing_id,
        year(collateral.distribution_date) * 12 + month(collateral.distribution_date) as month_index,
        collateral.beginning_balance,
        collateral.scheduled_principal,
        collateral.unscheduled_principal,
        collateral.realized_loss,
        null::decimal(18, 2) as liquidation_proceeds,
        collateral.ending_balance,
        collateral.cumulative_realized_loss,
        collateral.cumulative_loss_percentage,
        collateral.ending_loan_count,
        collateral.gross_wac,
        collateral.net_wac,
        collateral.wam_months,
        {{ delinquency_amount_columns('delinquency_amounts') }}

    from collateral
    left join delinquency_amounts
        on
            collateral.deal_id = delinquency_amounts.deal_id
            and collateral.distribution_date = delinquency_amounts.distribution_date
            and collateral.loan_group = delinquency_amounts.loan_group

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
        loan_group,
        distribution_date,
        filing_id,
        make_date(year(distribution_date), month(distribution_date), 1) as distribution_month,
        (month_index - min(month_index) over (partition by deal_id, loan_group) + 1)::integer
            as months_since_first,
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
        {{ performance_rates('deal_id, loan_group') }},
        cumulative_loss_percentage as cumulative_loss_pct,
        {{ delinquency_amount_columns() }},
        {{ delinquency_pcts('ending_balance', 'ending_loan_count') }}

    from monthly

)

select * from final
where {{ changed_only('deal_since', 'filing_id') }}
