{#-
    Grain: one row per bond class of a deal (class_id = deal_id || ':' || class_name).
    Attributes come from the class's latest current filing; loan_group is the group a senior class
    belongs to (NULL for subordinate classes, which back every group): see int_classes_grouped.
    class_type: IO when the balance is notional (description IO or a name ending in IO); else OC or
    residual where the family's spec names that role (seed class_roles); else what the
    description code means (seed class_types: PO, accrual, residual, ...) when it says more than
    senior/subordinate; else accrual when the class accretes, residual for the residual class name
    (A-R), subordinate for a subordinate class, senior otherwise (names and codes: seed
    class_conventions, read by int_classes_grouped).

    Incremental by deal: a new month or an amendment changes which filing is a class's latest current
    one and its first and last dates, so a build recomputes the deals that have a new filing
    (changed_scope deal).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current and {{ changed_only('deal', 'deal_id') }}

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ changed_only('deal_filings', 'filing_seq', key='filing_seq') }}

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}
    where {{ changed_only('deal_filings', 'filing_seq', key='filing_seq') }}

),

class_types as (

    select * from {{ ref('class_types') }}

),

per_filing as (

    select
        filings.deal_id,
        classes.class_name,
        classes.cusip,
        class_groups.class_description,
        classes.original_face,
        class_groups.is_senior,
        class_groups.is_residual,
        class_groups.is_notional,
        class_groups.class_role,
        class_groups.loan_group,
        bool_or(coalesce(classes.accretion, 0) > 0) over (partition by filings.deal_id, classes.class_name)
            as has_accretion,
        classes.tier,
        classes.is_lower_tier,
        classes.first_line_no,
        filings.distribution_date,
        row_number() over (
            partition by filings.deal_id, classes.class_name order by filings.distribution_date desc
        ) as recency,
        min(filings.distribution_date) over (partition by filings.deal_id, classes.class_name)
            as first_distribution_date,
        max(filings.distribution_date) over (partition by filings.deal_id, classes.class_name)
            as last_distribution_date

    from classes
    inner join filings on classes.filing_id = filings.filing_id
    inner join class_groups
        on
            classes.filing_id = class_groups.filing_id
            and classes.class_name = class_groups.class_name

),

described as (

    -- What the description code says (the matching seed row of lowest precedence).
    select
        per_filing.*,
        class_types.class_type as described_type

    from per_filing
    left join class_types on upper(coalesce(per_filing.class_description, '')) like class_types.description_pattern
    where per_filing.recency = 1
    qualify row_number() over (partition by per_filing.deal_id, per_filing.class_name order by class_types.precedence) = 1

),

final as (

    select
        deal_id || ':' || class_name as class_id,
        deal_id,
        class_name,
        -- A pseudo-CUSIP (BNCMOR074X) or NA is not a CUSIP: NULL here, kept as printed.
        case when {{ is_cusip('cusip') }} then cusip end as cusip,
        cusip as cusip_as_printed,
        class_description,
        original_face,
        is_senior,
        is_residual,
        is_notional,
        case
            when is_notional then 'IO'
            -- The family's spec names the role (seed class_roles): overcollateralization, residual.
            when class_role = 'oc' then 'OC'
            when class_role = 'residual' then 'residual'
            when described_type in ('PO', 'accrual', 'residual') then described_type
            when has_accretion then 'accrual'
            when is_residual then 'residual'
            when not is_senior then 'subordinate'
            else 'senior'
        end as class_type,
        loan_group,
        first_line_no::integer as report_order,
        first_distribution_date,
        last_distribution_date,
        tier,
        is_lower_tier

    from described

)

select * from final
