{#-
    Month-to-month continuity of a deal's current filings, one row per (later) filing x check x
    subject. Only consecutive distribution months are compared (a missing month is not a break):
    a class's and a group's ending balance is the next month's beginning (for exchangeable classes,
    the family's: A-3 and its components A-3-A and A-3-B, or A3 and A3A, exchange balance between
    distributions, so the family's total carries over, not each class's), loan counts chain,
    cumulative losses are the prior cumulative plus the month's loss (so they never decrease), and a
    class's original face and CUSIP never change.

    Incremental by deal and month: a build replaces the rows of the filings dated on or after the
    earliest new filing of each deal that has a filing numbered above its watermark (a new month is
    compared with the month before it; a late month or an amendment changes the continuity of the
    months from it on; a superseded filing's rows go): changed_scope deal_since, macro changed_only.
    It reads those filings and the month before them (scope deal_since_prior_month), not the deal's
    whole history: a filing whose previous filing is older than that month has no consecutive prior
    month either way, so its rows are the same.
-#}
{{ config(materialized='incremental', incremental_strategy='replace_changed', changed_scope='deal_since', changed_key='filing_seq', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('int_filings_identified') }}
    where
        is_current
        -- The deals as constants (DuckDB filters the scan by them), then their months read.
        and {{ changed_only('deal', 'deal_id') }}
        and {{ changed_only('deal_since_prior_month', 'filing_seq', key='filing_seq') }}

),

classes as (

    select * from {{ ref('int_classes_pivoted') }}
    where not is_total and {{ changed_only('deal_since_prior_month', 'filing_seq', key='filing_seq') }}

),

groups as (

    select * from {{ ref('int_groups_pivoted') }}
    where not is_total and {{ changed_only('deal_since_prior_month', 'filing_seq', key='filing_seq') }}

),

class_families as (

    -- A class whose name is another class's name plus a letter (A-3-A of A-3, A3A of A3) belongs to
    -- that exchangeable family; every other class is a family of its own.
    select
        classes.filing_id,
        classes.class_name,
        coalesce(combinations.class_name, classes.class_name) as class_family

    from classes
    inner join filings on classes.filing_id = filings.filing_id
    left join classes as combinations
        on
            classes.filing_id = combinations.filing_id
            and regexp_extract(classes.class_name, '^(.*\d)-?[A-Z]$', 1) = combinations.class_name

),

family_history as (

    select
        families.*,
        lag(families.distribution_date) over family_months as prior_date,
        lag(families.ending_balance) over family_months as prior_ending_balance

    from (
        select
            classes.filing_id,
            classes.filing_seq,
            filings.deal_id,
            class_families.class_family,
            filings.distribution_date,
            sum(classes.beginning_balance) as beginning_balance,
            sum(classes.ending_balance) as ending_balance

        from classes
        inner join filings on classes.filing_id = filings.filing_id
        inner join class_families
            on
                classes.filing_id = class_families.filing_id
                and classes.class_name = class_families.class_name
        group by all
    ) as families
    window family_months as (partition by families.deal_id, families.class_family order by families.distribution_date)

),

class_history as (

    select
        classes.filing_id,
        classes.filing_seq,
        filings.deal_id,
        classes.class_name,
        classes.beginning_balance,
        classes.realized_loss,
        classes.cumulative_realized_loss,
        classes.original_face,
        classes.cusip,
        lag(filings.distribution_date) over class_months as prior_date,
        filings.distribution_date,
        lag(classes.ending_balance) over class_months as prior_ending_balance,
        lag(classes.cumulative_realized_loss) over class_months as prior_cumulative_realized_loss,
        lag(classes.original_face) over class_months as prior_original_face,
        lag(classes.cusip) over class_months as prior_cusip

    from classes
    inner join filings on classes.filing_id = filings.filing_id
    window class_months as (partition by filings.deal_id, classes.class_name order by filings.distribution_date)

),

group_history as (

    select
        groups.filing_id,
        groups.filing_seq,
        filings.deal_id,
        groups.loan_group,
        groups.beginning_balance,
        groups.beginning_loan_count,
        groups.realized_loss,
        groups.cumulative_realized_loss,
        filings.distribution_date,
        lag(filings.distribution_date) over group_months as prior_date,
        lag(groups.ending_balance) over group_months as prior_ending_balance,
        lag(groups.ending_loan_count) over group_months as prior_ending_loan_count,
        lag(groups.cumulative_realized_loss) over group_months as prior_cumulative_realized_loss

    from groups
    inner join filings on groups.filing_id = filings.filing_id
    window group_months as (partition by filings.deal_id, groups.loan_group order by filings.distribution_date)

),

consecutive_classes as (

    select * from class_history
    where date_diff('month', prior_date, distribution_date) = 1

),

consecutive_families as (

    select * from family_history
    where date_diff('month', prior_date, distribution_date) = 1

),

consecutive_groups as (

    select * from group_history
    where date_diff('month', prior_date, distribution_date) = 1

),

checks as (

    select
        {{ check_row(
            'class_balance_continuity', 'class_family', 'prior_ending_balance', 'beginning_balance', '0',
            class_name='class_family', measure="'beginning_balance'") }},
        deal_id
    from consecutive_families

    union all

    select
        {{ check_row(
            'class_cumulative_loss_continuity', 'class_name',
            'prior_cumulative_realized_loss + realized_loss', 'cumulative_realized_loss', cents(2),
            class_name='class_name', measure="'cumulative_realized_loss'") }},
        deal_id
    from consecutive_classes

    union all

    select
        {{ check_row(
            'class_original_face_unchanged', 'class_name', 'prior_original_face', 'original_face', '0',
            class_name='class_name', measure="'original_face'") }},
        deal_id
    from consecutive_classes

    union all

    select
        {{ check_row(
            'class_cusip_unchanged', "class_name || ': ' || coalesce(prior_cusip, '') || ' -> ' || coalesce(cusip, '')",
            '0', 'case when cusip is not distinct from prior_cusip then 0 else 1 end', '0',
            class_name='class_name', measure="'cusip'") }},
        deal_id
    from consecutive_classes

    union all

    select
        {{ check_row(
            'group_balance_continuity', "'Group ' || loan_group", 'prior_ending_balance', 'beginning_balance',
            '0', loan_group='loan_group', measure="'beginning_balance'") }},
        deal_id
    from consecutive_groups

    union all

    select
        {{ check_row(
            'group_loan_count_continuity', "'Group ' || loan_group", 'prior_ending_loan_count',
            'beginning_loan_count', '0', loan_group='loan_group', measure="'beginning_loan_count'") }},
        deal_id
    from consecutive_groups

    union all

    select
        {{ check_row(
            'group_cumulative_loss_continuity', "'Group ' || loan_group",
            'prior_cumulative_realized_loss + realized_loss', 'cumulative_realized_loss', cents(2),
            loan_group='loan_group', measure="'cumulative_realized_loss'") }},
        deal_id
    from consecutive_groups

)

select * from checks
where {{ changed_only('deal_since', 'filing_seq', key='filing_seq') }}
