{#-
    Grain: one row per bond class x distribution date, from the current filing of that date.
    Money DECIMAL(18,2); pass_through_rate and ending_factor are fractions (2.72243% -> 0.0272243;
    ending_factor = ending balance / original face, as printed to 8 decimals, or the printed
    per-$1,000 ending-balance factor / 1000 where only that is printed).

    A view (over int_classes_pivoted and dim_filing's current filings): the figures are stored once, in the
    intermediate table; its _history mart holds every version.
-#}
{{ config(materialized='view') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total

),

final as (

    select
        filings.deal_id,
        filings.deal_id || ':' || classes.class_name as class_id,
        filings.filing_id,
        filings.distribution_date,
        filings.record_date,
        classes.class_name,
        -- A pseudo-CUSIP (BNCMOR074X) or NA is not a CUSIP: NULL here, kept as printed.
        case when {{ is_cusip('classes.cusip') }} then classes.cusip end as cusip,
        classes.cusip as cusip_as_printed,
        classes.class_description,
        classes.original_face,
        classes.pass_through_rate,
        classes.beginning_balance,
        classes.scheduled_principal,
        classes.unscheduled_principal,
        classes.accretion,
        classes.realized_loss,
        classes.total_principal_reduction,
        classes.principal_distribution,
        classes.accrued_interest,
        classes.unpaid_interest_shortfall_paid,
        classes.current_interest_shortfall,
        classes.non_supported_interest_shortfall,
        classes.interest_realized_loss,
        classes.interest_distribution,
        classes.remaining_unpaid_interest_shortfall,
        classes.total_distribution,
        classes.ending_balance,
        classes.cumulative_realized_loss,
        classes.ending_factor,
        classes.beginning_balance_per_1000,
        classes.ending_balance_per_1000,
        classes.principal_distribution_per_1000,
        classes.interest_distribution_per_1000,
        classes.tier,
        classes.is_lower_tier,
        classes.next_pass_through_rate,
        classes.total_distribution_per_1000,
        classes.prior_accrued_interest,
        classes.prior_interest_carry_forward,
        classes.interest_carry_forward

    from classes
    inner join filings on classes.filing_id = filings.filing_id

)

select * from final
