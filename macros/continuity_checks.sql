{#- The month-to-month checks of audit_reconciliation: they run on a filing that has a prior month. -#}
{% macro continuity_checks() -%}
    {{ return([
        'class_balance_continuity',
        'class_cumulative_loss_continuity',
        'class_original_face_unchanged',
        'class_cusip_unchanged',
        'group_balance_continuity',
        'group_loan_count_continuity',
        'group_cumulative_loss_continuity',
    ]) }}
{%- endmacro %}
