{#-
    One row per filing x class: whether the class is senior or subordinate and which loan group a
    senior class belongs to. Reports do not print the mapping, so it is inferred, in this order:
      1. a group number leading the class name: "1-A-1", "II-A-2";
      2. the class's pass-through rate equals one group's pass-through rate to the printed precision
         (5 decimals of a percent): a senior class of a group pays that group's net WAC;
      3. the residual class (A-R, R) belongs to group 1;
      4. in a deal of one group, every senior class belongs to it.
    Subordinate classes (description SUB, or names B-n/M-n) back every group: loan_group is NULL.
    Interest-only classes (description IO, or names ending in IO) carry a notional balance, which is
    not principal: is_notional. Where the family's spec names roles and groups (seed class_roles, e.g.
    Bankers Trust's F and A classes), the spec wins over the inference; class_role is its role.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total and {{ new_filings_only() }}

),

flagged as (

    select
        filing_id,
        filing_seq,
        class_name,
        class_description,
        pass_through_rate,
        upper(coalesce(class_description, '')) like 'SUB%'
        or regexp_matches(class_name, '^(B|M)-?\d+$') as is_subordinate,
        regexp_matches(class_name, '^(A-?)?R$|^R-') as is_residual,
        upper(coalesce(class_description, '')) like '%IO%'
        or regexp_matches(class_name, '-IO$') as is_notional,
        case
            when regexp_matches(class_name, '^\d+-') then regexp_extract(class_name, '^(\d+)-', 1)::integer
            when regexp_matches(class_name, '^(I|II|III|IV|V|VI|VII|VIII)-')
                then list_position(
                    ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'],
                    regexp_extract(class_name, '^(I|II|III|IV|V|VI|VII|VIII)-', 1)
                )
        end as named_group

    from classes

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
