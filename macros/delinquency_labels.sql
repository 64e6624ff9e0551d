{#-
    The status-columns layout of the delinquency matrix: each distinct pair of a cell's row and column
    labels (report_family, row_key, column_key of `cells`, a relation or CTE name) matched to its
    bucket (seed delinquency_buckets, on the row label) and its status (seed delinquency_statuses, on
    the column label) once, not every cell against every pattern; a pair that no pattern matches has
    its status or bucket NULL and is_status_unmapped / is_bucket_unmapped true. `where` filters the
    cells first. int_delinquency_cells_placed places the cells of matched pairs; int_label_issues
    names the labels of the others.
-#}
{% macro delinquency_label_pairs(cells, where='true') -%}
    select
        labels.report_family,
        labels.row_key,
        labels.column_key,
        statuses.status,
        statuses.is_total as is_total_status,
        buckets.bucket_days_min,
        buckets.bucket_days_max,
        buckets.is_total as is_total_bucket,
        statuses.status is null as is_status_unmapped,
        buckets.label_pattern is null as is_bucket_unmapped

    from (
        select distinct
            report_family,
            row_key,
            column_key

        from {{ cells }}
        where {{ where }}
    ) as labels
    left join {{ ref('delinquency_statuses') }} as statuses
        on
            labels.report_family = statuses.report_family
            and labels.column_key like statuses.label_pattern
    left join {{ ref('delinquency_buckets') }} as buckets
        on
            labels.report_family = buckets.report_family
            and labels.row_key like buckets.label_pattern
{%- endmacro %}
