{#-
    One row per filing: what the report's caption says (distribution date, record date, shelf and
    series) and the line of its first key/value statement. Incremental, keyed on filing.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where cell_area = 'caption' and {{ new_filings_only() }}

),

captions as (

    select
        filing_id,
        filing_seq,
        max(case when measure = 'distribution_date' then value_date end) as distribution_date,
        max(case when measure = 'record_date' then value_date end) as record_date,
        max(case when measure = 'series' then value_text end) as series,
        max(case when measure = 'series' then regexp_extract(label_key, '^(.*?)\s*series$', 1) end) as shelf_code,
        min(line_no) as first_caption_line_no

    from cells
    group by filing_id, filing_seq

)

select * from captions
