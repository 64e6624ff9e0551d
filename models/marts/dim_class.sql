{#-
    Grain: one row per bond class of a deal (class_id = deal_id || ':' || class_name).
    Attributes come from the class's latest current filing; loan_group is the group a senior class
    belongs to (NULL for subordinate classes, which back every group): see int_classes_grouped.
-#}
with

filings as (

    select * from {{ ref('dim_filing') }}
    where is_current

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total

),

class_groups as (

    select * from {{ ref('int_classes_grouped') }}

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
        class_groups.loan_group,
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

final as (

    select
        deal_id || ':' || class_name as class_id,
        deal_id,
        class_name,
        cusip,
        class_description,
        original_face,
        is_senior,
        is_residual,
        loan_group,
        first_line_no::integer as report_order,
        first_distribution_date,
        last_distribution_date,
        tier,
        is_lower_tier

    from per_filing
    where recency = 1

)

select * from final
