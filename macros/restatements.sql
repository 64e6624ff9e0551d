{#-
    The figures whose every reported version the history marts keep and audit_restatements compares:
    the numeric measures of each fact, by history mart.
-#}
{% macro history_measures(history) -%}
    {%- set measures = {
        'class': [
            'original_face', 'pass_through_rate', 'beginning_balance', 'scheduled_principal',
            'unscheduled_principal', 'accretion', 'realized_loss', 'total_principal_reduction',
            'principal_distribution', 'accrued_interest', 'unpaid_interest_shortfall_paid',
            'current_interest_shortfall', 'non_supported_interest_shortfall', 'interest_realized_loss',
            'interest_distribution', 'remaining_unpaid_interest_shortfall', 'total_distribution', 'ending_balance',
            'cumulative_realized_loss', 'ending_factor', 'beginning_balance_per_1000', 'ending_balance_per_1000',
            'principal_distribution_per_1000', 'interest_distribution_per_1000',
        ],
        'group': [
            'beginning_loan_count', 'loans_paid_in_full', 'ending_loan_count', 'beginning_balance',
            'scheduled_principal', 'unscheduled_principal', 'realized_loss', 'ending_balance', 'scheduled_interest',
            'servicing_fee', 'master_servicing_fee', 'trustee_fee', 'fry_amount', 'special_hazard_fee', 'other_fee',
            'pool_insurance_fee', 'spread_fee_1', 'spread_fee_2', 'spread_fee_3', 'net_interest', 'gross_wac',
            'net_wac', 'pass_through_rate', 'wam_months', 'senior_percentage', 'senior_prepayment_percentage',
            'subordinate_percentage', 'subordinate_prepayment_percentage', 'pi_constant', 'cumulative_realized_loss',
            'cumulative_loss_percentage', 'prepayment_penalties', 'special_servicing_fee',
        ],
        'delinquency': ['loan_count', 'principal_balance', 'loan_count_pct', 'principal_balance_pct'],
    } -%}
    {{ return(measures[history]) }}
{%- endmacro %}

{#- The filing columns of a history mart: which filing reported the figures, and in which order. -#}
{% macro history_filing_columns(filings, seq, version_partition) -%}
    {{ filings }}.filing_id,
    {{ filings }}.accession_number,
    {{ filings }}.form_type,
    {{ filings }}.filed_date,
    {{ seq }} as filing_seq,
    {{ filings }}.is_amendment,
    {{ filings }}.is_complete,
    {{ filings }}.is_current,
    row_number() over (
        partition by {{ version_partition }}
        order by {{ filings }}.is_amendment, {{ filings }}.filed_date nulls last, {{ seq }}
    )::integer as report_version
{%- endmacro %}

{#-
    One row per figure of `history` (a history mart): subject, measure and value (DECIMAL(38,10)),
    with the filing and its report_version.
-#}
{% macro unpivot_history(history, subject_type, subject) -%}
    {%- set measures = history_measures(subject_type) -%}
    select
        deal_id,
        distribution_date,
        '{{ subject_type }}' as subject_type,
        {{ subject }} as subject,
        filing_id,
        report_version,
        is_current,
        unnest([{%- for m in measures %}'{{ m }}'{{ ', ' if not loop.last }}{% endfor -%}]) as measure,
        unnest([{%- for m in measures %}{{ m }}::decimal(38, 10){{ ', ' if not loop.last }}{% endfor -%}]) as value
    from {{ history }}
{%- endmacro %}
