{#-
    Grain: one row per printed number of a loaded filing that is not mapped to a measure
    (number_id): its table, row and column labels, line and printed text, whether it is a deliberate
    exclusion of the report family's spec, and why it is left out. dim_filing counts them.
-#}
with

coverage as (

    select * from {{ ref('int_number_coverage') }}
    where not is_mapped

),

final as (

    select
        md5(concat_ws('|', filing_id, line_no, char_start)) as number_id,
        filing_id,
        table_title,
        row_label,
        column_label,
        line_no::integer as line_no,
        raw_text,
        is_excluded,
        reason

    from coverage

)

select * from final
