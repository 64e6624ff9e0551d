{#-
    Grain: one row per bond class x distribution date, from the current filings. Credit enhancement
    (the share of the pool that absorbs losses before the class does):
        credit_enhancement_pct = (pool ending balance - sum of the ending balances of every principal
        class at or above this class's priority) / pool ending balance.
    Priority: every senior class (int_classes_grouped.is_senior, residual, PO and accrual classes
    included) shares rank 1; subordinate classes rank 2, 3, ... in the order that month's report prints
    them (B-1 above B-2: the line of the class's first figure, int_classes_pivoted.first_line_no).
    Notional (IO) classes carry no principal: NULL, and they count in no sum. The pool ending balance
    is the collateral statement's ending scheduled balance, so any excess of the collateral over the
    certificates (overcollateralization, which this family does not print as a figure) counts as
    enhancement of every class.

    Incremental by (deal, distribution date): a month's rows read that month's current filing only
    (its classes, their print order and the pool), so a build recomputes the dates of the new filings
    (changed_scope date): a new month adds its rows, an amendment replaces its month's.
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='date', on_schema_change='fail') }}

with

classes as (

    -- The deals as constants first (DuckDB filters the scans by them; a subquery alone it joins after
    -- the view's joins: macro changed_deals), then their changed dates.
    select * from {{ ref('fact_class_distribution') }}
    where {{ changed_only('deal', 'deal_id') }} and {{ changed_only('date', '(deal_id, distribution_date)') }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ changed_only('date_filings', 'filing_seq', key='filing_seq') }}

),

print_order as (

    -- Where the month's report prints each class (its first figure's line).
    select
        filing_id,
        class_name,
        first_line_no

    from {{ ref('int_classes_pivoted') }}
    where {{ changed_only('date_filings', 'filing_seq', key='filing_seq') }}

),

deal as (

    select * from {{ ref('fact_deal_distribution') }}
    where {{ changed_only('deal', 'deal_id') }} and {{ changed_only('date', '(deal_id, distribution_date)') }}

),

ranked as (

    select
        classes.deal_id,
        classes.class_id,
        classes.class_name,
        classes.distribution_date,
        classes.filing_id,
        class_groups.is_senior,
        class_groups.is_notional,
        classes.original_face,
        classes.ending_balance,
        deal.ending_balance as pool_ending_balance,
        case
            when class_groups.is_notional then null
            when class_groups.is_senior then 1
            else 1 + dense_rank() over (
                partition by classes.filing_id, class_groups.is_senior or class_groups.is_notional
                order by print_order.first_line_no
            )
        end as priority_rank

    from classes
    inner join class_groups
        on
            classes.filing_id = class_groups.filing_id
            and classes.class_name = class_groups.class_name
    left join print_order
        on
            classes.filing_id = print_order.filing_id
            and classes.class_name = print_order.class_name
    left join deal on classes.filing_id = deal.filing_id

),

stacked as (

    select
        *,
        sum(case when not is_notional then ending_balance end) over (
            partition by filing_id order by priority_rank range between unbounded preceding and current row
        ) as balance_at_or_above,
        sum(case when not is_notional then ending_balance end) over (partition by filing_id)
            as certificate_ending_balance

    from ranked

),

final as (

    select
        deal_id,
        class_id,
        class_name,
        distribution_date,
        filing_id,
        is_senior,
        is_notional,
        priority_rank::integer as priority_rank,
        original_face,
        ending_balance,
        pool_ending_balance,
        certificate_ending_balance::decimal(18, 2) as certificate_ending_balance,
        (case when not is_notional then balance_at_or_above end)::decimal(18, 2) as balance_at_or_above,
        case
            when not is_notional
                then ((pool_ending_balance - balance_at_or_above)::double / nullif(pool_ending_balance, 0))
        end::decimal(12, 10) as credit_enhancement_pct,
        case
            when not is_notional then (ending_balance::double / nullif(certificate_ending_balance, 0))
        end::decimal(12, 10) as deal_share,
        (ending_balance::double / nullif(original_face, 0))::decimal(12, 10) as factor,
        (pool_ending_balance - certificate_ending_balance)::decimal(18, 2) as overcollateralization

    from stacked

)

select * from final
