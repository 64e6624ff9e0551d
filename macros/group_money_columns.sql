{#- The additive money columns of the group-level collateral statement (its Total column sums them). -#}
{% macro group_money_columns() -%}
    {{ return([
        'beginning_balance', 'ending_balance', 'pi_constant', 'scheduled_principal', 'unscheduled_principal',
        'scheduled_interest', 'servicing_fee', 'master_servicing_fee', 'trustee_fee', 'fry_amount',
        'special_hazard_fee', 'other_fee', 'pool_insurance_fee', 'spread_fee_1', 'spread_fee_2',
        'spread_fee_3', 'net_interest', 'realized_loss', 'cumulative_realized_loss', 'prepayment_penalties',
        'special_servicing_fee',
    ]) }}
{%- endmacro %}
