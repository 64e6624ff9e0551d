{#-
    One row per loaded filing: the deal and distribution it reports (read from the report's caption),
    whether it is complete, and whether it is the current filing of its (deal, distribution date).

    Complete: every required table (seed report_tables) is present, no table was cut off before its
    </TABLE>, no cell was unreadable, and the deal and distribution date were found. Current: the first
    filing of its (deal, distribution date) by: complete before incomplete, amendment (8-K/A, 10-D/A) before original, later filing date, later load.
    An incomplete filing therefore never supersedes a complete one.
-#}
with

filings as (

    select * from {{ ref('stg_edgar__filings') }}

),

captions as (

    select * from {{ ref('int_filing_captions') }}

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

issuer as (

    -- The report's first caption lines name the issuer and the certificates:
    -- "Thornburg Mortgage Home Loans, Inc." / "Mortgage Pass-Through Certificates".
    select
        report_lines.filing_id,
        string_agg(report_lines.line_text, ' ' order by report_lines.line_no) as issuer_title

    from report_lines
    inner join captions on report_lines.filing_id = captions.filing_id
    where
        report_lines.line_kind = 'title'
        and report_lines.line_no < captions.first_caption_line_no
    group by report_lines.filing_id

),

roles_present as (

    -- Which required tables a filing has (complete ones: cut-off tables do not count).
    select distinct
        report_tables.filing_id,
        table_roles.table_role

    from report_tables
    inner join table_roles on report_tables.table_key like table_roles.table_pattern
    where report_tables.is_terminated and table_roles.is_required

),

missing_roles as (

    select
        filings.filing_id,
        string_agg(table_roles.table_role, ', ' order by table_roles.table_role) as missing_tables

    from filings
    cross join table_roles
    left join roles_present
        on
            filings.filing_id = roles_present.filing_id
            and table_roles.table_role = roles_present.table_role
    where table_roles.is_required and roles_present.table_role is null
    group by filings.filing_id

),

identified as (

    select
        filings.filing_id,
        filings.filing_seq,
        lower(captions.shelf_code || '-' || captions.series) as deal_id,
        upper(captions.shelf_code) as shelf_code,
        captions.series,
        issuer.issuer_title,
        captions.distribution_date,
        captions.record_date,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') as form_type,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') in ('8-K/A', '10-D/A') as is_amendment,
        missing_roles.missing_tables,
        filings.unreadable_cell_count::bigint as unreadable_cells,
        missing_roles.missing_tables is null
        and filings.unreadable_cell_count = 0
        and coalesce(unterminated.unterminated_tables, 0) = 0
        and captions.distribution_date is not null
        and captions.series is not null as is_complete,
        filings.filed_date,
        filings.loaded_at

    from filings
    left join captions on filings.filing_id = captions.filing_id
    left join issuer on filings.filing_id = issuer.filing_id
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
    filing_seq,
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
