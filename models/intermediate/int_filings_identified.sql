{#-
    One row per loaded filing: the deal and distribution it reports (read from the report's caption),
    whether it is complete, and whether it is the current filing of its (deal, distribution date).

    Complete: every required table (seed report_tables) is present, no table was cut off before its
    </TABLE>, no cell was unreadable, and the deal and distribution date were found. Current: the first filing of its (deal, distribution date)
    by: complete before incomplete, amendment (8-K/A) before original, later filing date, later load.
    An incomplete filing therefore never supersedes a complete one.
-#}
with

filings as (

    select * from {{ ref('stg_edgar__filings') }}

),

cells as (

    select * from {{ ref('int_report_cells_labelled') }}

),

report_lines as (

    select * from {{ ref('stg_edgar__report_lines') }}

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}

),

unterminated as (

    select
        filing_id,
        count(*) as unterminated_tables

    from report_tables
    where not is_terminated
    group by filing_id

),

caption_values as (

    select
        filing_id,
        max(case when measure = 'distribution_date' then value_date end) as distribution_date,
        max(case when measure = 'record_date' then value_date end) as record_date,
        max(case when measure = 'series' then value_text end) as series,
        max(case when measure = 'series' then regexp_extract(label_key, '^(.*?)\s*series$', 1) end)
            as shelf_code,
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    group by filing_id

),

issuer as (

    -- The report's first caption lines name the issuer and the certificates:
    -- "Thornburg Mortgage Home Loans, Inc." / "Mortgage Pass-Through Certificates".
    select
        filing_id,
        string_agg(line_text, ' ' order by line_no) as issuer_title

    from report_lines
    where
        line_kind = 'title'
        and table_ordinal = (
            select min(first_table.table_ordinal)
            from report_lines as first_table
            where first_table.filing_id = report_lines.filing_id
        )
        and line_no < (
            select min(first_caption.line_no)
            from cells as first_caption
            where
                first_caption.filing_id = report_lines.filing_id
                and first_caption.cell_area = 'caption'
        )
    group by filing_id

),

roles_present as (

    select
        cells.filing_id,
        count(distinct cells.table_role) as required_roles_present

    from cells
    inner join table_roles on cells.table_role = table_roles.table_role
    where table_roles.is_required
    group by cells.filing_id

),

required as (

    select count(*) as required_roles from table_roles
    where is_required

),

missing_roles as (

    select
        filings.filing_id,
        string_agg(table_roles.table_role, ', ' order by table_roles.table_role) as missing_tables

    from filings
    cross join table_roles
    where
        table_roles.is_required
        and not exists (
            select 1
            from cells
            where
                cells.filing_id = filings.filing_id
                and cells.table_role = table_roles.table_role
        )
    group by filings.filing_id

),

identified as (

    select
        filings.filing_id,
        lower(caption_values.shelf_code || '-' || caption_values.series) as deal_id,
        upper(caption_values.shelf_code) as shelf_code,
        caption_values.series,
        issuer.issuer_title,
        caption_values.distribution_date,
        caption_values.record_date,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') as form_type,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') = '8-K/A' as is_amendment,
        missing_roles.missing_tables,
        coalesce(caption_values.unreadable_cells, 0) as unreadable_cells,
        coalesce(roles_present.required_roles_present, 0) = required.required_roles
        and coalesce(caption_values.unreadable_cells, 0) = 0
        and coalesce(unterminated.unterminated_tables, 0) = 0
        and caption_values.distribution_date is not null
        and caption_values.series is not null as is_complete,
        filings.filed_date,
        filings.loaded_at

    from filings
    cross join required
    left join caption_values on filings.filing_id = caption_values.filing_id
    left join issuer on filings.filing_id = issuer.filing_id
    left join roles_present on filings.filing_id = roles_present.filing_id
    left join missing_roles on filings.filing_id = missing_roles.filing_id
    left join unterminated on filings.filing_id = unterminated.filing_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by deal_id, distribution_date
            order by
                is_complete desc,
                is_amendment desc,
                filed_date desc nulls last,
                loaded_at desc,
                filing_id asc
        ) as filing_rank

    from identified

)

select
    filing_id,
    deal_id,
    shelf_code,
    series,
    issuer_title,
    distribution_date,
    record_date,
    form_type,
    is_amendment,
    missing_tables,
    unreadable_cells,
    is_complete,
    deal_id is not null and distribution_date is not null and filing_rank = 1 as is_current

from ranked
