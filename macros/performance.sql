{#-
    The surveillance formulas shared by fact_group_performance and fact_deal_performance (SIFMA
    Uniform Practices, chapter SF: average prepayment rates SF-11, defaults SF-16..SF-20). The model
    supplies one row per subject (a loan group, or a deal's pool) x distribution date with
    beginning_balance, scheduled_principal, unscheduled_principal, realized_loss,
    liquidation_proceeds (NULL where the report does not print it) and month_index (year * 12 +
    calendar month of distribution_date).
-#}

{#- Monthly rates of one row; a zero or missing denominator gives NULL. -#}
{% macro performance_monthly_rates() -%}
    (beginning_balance - scheduled_principal) as amortized_balance,
    liquidation_proceeds + realized_loss as liquidated_balance,
    unscheduled_principal - liquidation_proceeds as voluntary_prepayment,
    unscheduled_principal::double / nullif(beginning_balance - scheduled_principal, 0) as smm,
    (unscheduled_principal - liquidation_proceeds)::double
    / nullif(beginning_balance - scheduled_principal - liquidation_proceeds - realized_loss, 0) as voluntary_smm,
    (liquidation_proceeds + realized_loss)::double / nullif(beginning_balance - scheduled_principal, 0) as mdr,
    realized_loss::double / nullif(liquidation_proceeds + realized_loss, 0) as severity,
    realized_loss::double / nullif(beginning_balance, 0) as loss_rate_1m
{%- endmacro %}

{#-
    The annual rate of `rate` (a monthly rate column) compounded over the last `months` calendar
    months: 1 - (product of (1 - rate))^(12 / months), NULL unless every one of the `months`
    consecutive calendar months up to this one has a row with a rate. months = 'life': every month
    since the subject's first distribution in the warehouse.
-#}
{% macro annualised_rate(rate, months, partition_by) -%}
    {%- if months == 'life' -%}
        {%- set frame = 'rows between unbounded preceding and current row' -%}
        {%- set n = '(month_index - min(month_index) over (partition by ' ~ partition_by ~ ') + 1)' -%}
    {%- else -%}
        {%- set frame = 'range between ' ~ (months - 1) ~ ' preceding and current row' -%}
        {%- set n = months -%}
    {%- endif -%}
    {%- set w = 'over (partition by ' ~ partition_by ~ ' order by month_index ' ~ frame ~ ')' -%}
    case
        when count(distinct case when {{ rate }} is not null then month_index end) {{ w }} = {{ n }}
            then 1 - exp(sum(ln(greatest(1 - {{ rate }}, 0))) {{ w }} * 12 / {{ n }})
    end
{%- endmacro %}

{#- Delinquency amounts of a group from fact_group_delinquency rows: balance and count per name. -#}
{% macro delinquency_names() -%}
    {{ return({
        'dq_30': "status = 'delinquent' and bucket_days_min = 30",
        'dq_60': "status = 'delinquent' and bucket_days_min = 60",
        'dq_90_plus': "status = 'delinquent' and bucket_days_min >= 90",
        'foreclosure': "status = 'foreclosure'",
        'reo': "status = 'reo'",
        'bankruptcy': "status = 'bankruptcy'",
        'dq_60_plus': "(status = 'delinquent' and bucket_days_min >= 60) or status in ('foreclosure', 'reo', 'bankruptcy')",
    }) }}
{%- endmacro %}

{#- Each delinquency name's balance and count from fact_group_delinquency rows (a group x date). -#}
{% macro delinquency_amounts() -%}
    {%- for name, rule in delinquency_names().items() -%}
        coalesce(sum(principal_balance) filter (where {{ rule }}), 0)::decimal(18, 2) as {{ name }}_balance,
        coalesce(sum(loan_count) filter (where {{ rule }}), 0)::integer as {{ name }}_count
        {{- ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The groups' delinquency amounts summed to the pool. -#}
{% macro delinquency_amounts_summed() -%}
    {%- for name in delinquency_names() -%}
        sum({{ name }}_balance)::decimal(18, 2) as {{ name }}_balance,
        sum({{ name }}_count)::integer as {{ name }}_count{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The delinquency amount columns, each prefixed with `relation.` when given. -#}
{% macro delinquency_amount_columns(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for name in delinquency_names() -%}
        {{ prefix }}{{ name }}_balance, {{ prefix }}{{ name }}_count{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Each delinquency name's balance and count as fractions of `balance` and `loan_count`. -#}
{% macro delinquency_pcts(balance, loan_count) -%}
    {%- for name in delinquency_names() -%}
        ({{ name }}_balance::double / nullif({{ balance }}, 0))::decimal(12, 10) as {{ name }}_balance_pct,
        ({{ name }}_count::double / nullif({{ loan_count }}, 0))::decimal(12, 10) as {{ name }}_count_pct
        {{- ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The rate columns of a performance mart, from the monthly rates (ordered by month_index within `partition_by`). -#}
{% macro performance_rates(partition_by) -%}
    smm::decimal(12, 10) as smm,
    (1 - power(1 - smm, 12))::decimal(12, 10) as cpr_1m,
    ({{ annualised_rate('smm', 3, partition_by) }})::decimal(12, 10) as cpr_3m,
    ({{ annualised_rate('smm', 6, partition_by) }})::decimal(12, 10) as cpr_6m,
    ({{ annualised_rate('smm', 12, partition_by) }})::decimal(12, 10) as cpr_12m,
    ({{ annualised_rate('smm', 'life', partition_by) }})::decimal(12, 10) as cpr_life,
    voluntary_smm::decimal(12, 10) as voluntary_smm,
    (1 - power(1 - voluntary_smm, 12))::decimal(12, 10) as vpr_1m,
    mdr::decimal(12, 10) as mdr,
    (1 - power(1 - mdr, 12))::decimal(12, 10) as cdr_1m,
    ({{ annualised_rate('mdr', 3, partition_by) }})::decimal(12, 10) as cdr_3m,
    ({{ annualised_rate('mdr', 6, partition_by) }})::decimal(12, 10) as cdr_6m,
    ({{ annualised_rate('mdr', 12, partition_by) }})::decimal(12, 10) as cdr_12m,
    severity::decimal(12, 10) as severity,
    loss_rate_1m::decimal(12, 10) as loss_rate_1m,
    (1 - power(1 - loss_rate_1m, 12))::decimal(12, 10) as loss_rate_annualised
{%- endmacro %}
