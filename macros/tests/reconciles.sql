{#-
    Rule: every row of `check_name` computed since the last successful build has both sides and
    |actual - expected| <= tolerance (the rule text is in seed reconciliation_rules).
    Returns one row per failing deal x distribution date, so dbt's count ("WARN 2") is the number of
    deal-months that fail: the deal, the date, whether the filing is current, how many rows fail,
    their subjects and the largest difference. The build's closing summary (macros/build_summary.sql)
    says how many deals and months each warned check covers.
-#}
{% test reconciles(model, check_name) %}

select
    deal_id,
    distribution_date,
    filing_id,
    is_current,
    count(*) as failing_rows,
    string_agg(subject, '; ' order by subject) as subjects,
    max(abs(difference)) as largest_difference

from {{ model }}
where
    check_name = '{{ check_name }}'
    and {{ computed_since_last_checked_build() }}
    and not coalesce(abs(actual - expected) <= tolerance, false)
group by deal_id, distribution_date, filing_id, is_current

{% endtest %}
