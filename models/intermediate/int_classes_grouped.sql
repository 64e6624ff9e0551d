{#-
    One row per filing x class: whether the class is senior or subordinate and which loan group a
    senior class belongs to. Reports do not print the mapping, so it is inferred, in this order:
      1. a group numeral leading the class name: "1-A-1", "II-A-2" (seed class_conventions, convention
         group; the numeral's group number from seed group_numerals);
      2. the class's pass-through rate equals one group's pass-through rate to the printed precision
         (5 decimals of a percent): a senior class of a group pays that group's net WAC;
      3. the residual class belongs to the first group;
      4. in a deal of one group, every senior class belongs to it.
    Which names and description codes mean subordinate (backs every group: loan_group NULL),
    residual or notional (an interest-only class's balance is not principal: is_notional) is data:
    seed class_conventions, a regular expression on the class name as printed or on the upper-cased
    description. Where the family's spec names roles and groups (seed class_roles, e.g. Bankers
    Trust's F and A classes), the spec wins over the inference; class_role is its role.
-#}
{{ config(materialized='batched') }}

with

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

conventions as (

    select * from {{ ref('class_conventions') }}

),

numerals as (

    select * from {{ ref('group_numerals') }}

),

names as (

    -- Each distinct name and description once: few next to the class rows (a pattern read from the
    -- seed is compiled for every row it is matched against).
    select distinct
        class_name,
        class_description

    from classes

),

subjects as (

    -- Each name against each convention: the text the convention reads (the name as printed, or the
    -- upper-cased description).
    select
        names.class_name,
        names.class_description,
        conventions.convention,
        conventions.pattern,
        conventions.precedence,
        case
            when conventions.applies_to = 'class_name' then names.class_name
            else upper(coalesce(names.class_description, ''))
        end as subject

    from names
    cross join conventions

),

matched as (

    -- Every convention a class's name or description matches (none: a senior class of no named group).
    select
        names.class_name,
        names.class_description,
        coalesce(bool_or(subjects.convention = 'subordinate'), false) as is_subordinate,
        coalesce(bool_or(subjects.convention = 'residual'), false) as is_residual,
        coalesce(bool_or(subjects.convention = 'notional'), false) as is_notional,
        arg_min(regexp_extract(subjects.subject, subjects.pattern, 1), subjects.precedence)
        filter (where subjects.convention = 'group') as group_numeral

    from names
    left join subjects
        on
            names.class_name = subjects.class_name
            and names.class_description is not distinct from subjects.class_description
            and regexp_matches(subjects.subject, subjects.pattern)
    group by names.class_name, names.class_description

),

flagged as (

    select
        classes.filing_id,
        classes.filing_seq,
        classes.class_name,
        classes.class_description,
        classes.pass_through_rate,
        matched.is_subordinate,
        matched.is_residual,
        matched.is_notional,
        numerals.loan_group as named_group

    from classes
    inner join matched
        on
            classes.class_name = matched.class_name
            and classes.class_description is not distinct from matched.class_description
    left join numerals on matched.group_numeral = numerals.numeral

),

rate_matches as (

    select
        flagged.filing_id,
        flagged.filing_seq,
        flagged.class_name,
        min(groups.loan_group) as rate_group,
        count(*) as n_matches

    from flagged
    inner join groups
        on
            flagged.filing_id = groups.filing_id
            and round(flagged.pass_through_rate, 7) = round(groups.pass_through_rate, 7)
    where not flagged.is_subordinate
    group by flagged.filing_id, flagged.filing_seq, flagged.class_name

),

group_counts as (

    select
        filing_id,
        filing_seq,
        count(*) as n_groups,
        min(loan_group) as first_group

    from groups
    group by filing_id, filing_seq

),

grouped as (

    select
        flagged.filing_id,
        flagged.filing_seq,
        flagged.class_name,
        flagged.class_description,
        not flagged.is_subordinate as is_senior,
        flagged.is_residual,
        flagged.is_notional,
        case
            when flagged.is_subordinate then null
            when flagged.named_group is not null then flagged.named_group
            when rate_matches.n_matches = 1 then rate_matches.rate_group
            when flagged.is_residual or group_counts.n_groups = 1 then group_counts.first_group
        end as loan_group

    from flagged
    left join rate_matches
        on
            flagged.filing_id = rate_matches.filing_id
            and flagged.class_name = rate_matches.class_name
    left join group_counts on flagged.filing_id = group_counts.filing_id

),

spec_roles as (

    -- A family whose spec names the classes' roles and groups (seed class_roles) overrides the inference.
    select
        classes.filing_id,
        classes.class_name,
        spec.class_role,
        spec.loan_group

    from classes
    inner join {{ ref('int_filing_families') }} as families on classes.filing_id = families.filing_id
    inner join {{ ref('class_roles') }} as spec
        on
            families.report_family = spec.report_family
            and regexp_matches(classes.class_name, spec.class_pattern)
    qualify row_number() over (partition by classes.filing_id, classes.class_name order by spec.priority) = 1

),

final as (

    select
        grouped.* replace (
            coalesce(spec_roles.class_role = 'senior', grouped.is_senior) as is_senior,
            coalesce(spec_roles.class_role = 'residual', grouped.is_residual) as is_residual,
            case when spec_roles.class_role is not null then spec_roles.loan_group else grouped.loan_group end
                as loan_group
        ),
        spec_roles.class_role

    from grouped
    left join spec_roles
        on
            grouped.filing_id = spec_roles.filing_id
            and grouped.class_name = spec_roles.class_name

)

select * from final
