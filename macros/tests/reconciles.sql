{#-
    Rule: every check row computed since the last successful build passes: both sides printed and
    |actual - expected| <= tolerance (the audit's `passed`, macro check_passes; each check's rule text
    is in seed reconciliation_rules and the audit's `rule` column). One test for every check, so a check added to the seeds and models is
    tested with no new YAML, and an incremental build runs one test node, not one per check.
    Returns one row per failing check x deal x distribution date, so dbt's count ("WARN 2") is the
    number of check deal-months that fail: the check and its rule, the deal, the date, the filing,
    whether it is current, how many rows fail, their subjects and the largest difference. The build's
    closing summary (macros/build_summary.sql) says how many deals and months each failing check covers.
-#}
{% test reconciles(model) %}

select
    check_name,
    deal_id,
    distribution_date,
    filing_id,
    is_current,
    any_value(rule) as rule,
    count(*) as failing_rows,
    string_agg(subject, '; ' order by subject) as subjects,
    max(abs(difference)) as largest_difference

from {{ model }}
where
    {{ computed_since_last_checked_build() }}
    and not passed
group by check_name, deal_id, distribution_date, filing_id, is_current

{% endtest %}
