{#-
    One row per loaded filing: the deal and distribution it reports (read from the report's caption),
    whether it is complete, and whether it is the current filing of its (deal, distribution date).

    Complete: every required table (seed report_tables) is present, no table was cut off before its
    </TABLE>, no cell was unreadable, every label of a known table maps (int_label_issues), and the
    deal and distribution date were found; incomplete_reason says what is not. facts_withheld: a doubt
    that touches the filing's facts (an unmapped label whose table role withholds facts, seed
    report_tables): the filing is never current, so no fact comes from it. Current: the first
    filing of its (deal, distribution date) by: complete before incomplete, amendment (8-K/A, 10-D/A) before
    original, later filing date, later load. An incomplete filing therefore never supersedes a complete one.

    Incremental, keyed on filing: a build reads the new filings (numbered above the watermark) and, to
    rank them, the rows this table holds of the filings of the same (deal, distribution date) (their
    peers: what ranks a filing never changes once it is loaded); it replaces the new filings' and the
    peers' rows (a peer's is_current may flip).
-#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='filing_id', on_schema_change='fail') }}

with

filings as (

    select * from {{ ref('stg_edgar__filings') }}
    where {{ new_filings_only() }}

),

captions as (

    select * from {{ ref('int_filing_captions') }}
    where {{ new_filings_only() }}

),

report_lines as (

    select * from {{ ref('stg_edgar__report_lines') }}
    where {{ new_filings_only() }}

),

families as (

    select * from {{ ref('int_filing_families') }}
    where {{ new_filings_only() }}

),

table_roles as (

    select * from {{ ref('report_tables') }}

),

report_tables as (

    select * from {{ ref('stg_edgar__report_tables') }}
    where {{ new_filings_only() }}

),

label_issues as (

    select
        filing_id,
        count(*) as unmapped_labels,
        count(*) filter (where withholds_facts) as withholding_labels

    from {{ ref('int_label_issues') }}
    where {{ new_filings_only() }}
    group by filing_id

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
    inner join families on report_tables.filing_id = families.filing_id
    inner join table_roles
        on
            families.report_family = table_roles.report_family
            and report_tables.table_key like table_roles.table_pattern
    where report_tables.is_terminated and table_roles.is_required

),

missing_roles as (

    select
        filings.filing_id,
        string_agg(distinct table_roles.table_role, ', ' order by table_roles.table_role) as missing_tables

    from filings
    inner join families on filings.filing_id = families.filing_id
    inner join table_roles on families.report_family = table_roles.report_family
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
        families.report_family,
        lower(captions.shelf_code || '-' || captions.series) as deal_id,
        upper(captions.shelf_code) as shelf_code,
        upper(captions.series) as series,
        coalesce(issuer.issuer_title, captions.banner_issuer_title) as issuer_title,
        captions.distribution_date,
        captions.record_date,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') as form_type,
        coalesce(filings.form_type, filings.cover_form_type, '8-K') in ('8-K/A', '10-D/A') as is_amendment,
        missing_roles.missing_tables,
        filings.unreadable_cell_count::bigint as unreadable_cells,
        coalesce(label_issues.unmapped_labels, 0) as unmapped_labels,
        coalesce(label_issues.withholding_labels, 0) > 0 or families.report_family = '{{ var("unknown_report_family") }}' as facts_withheld,
        nullif(concat_ws(
            '; ',
            case when families.report_family = '{{ var("unknown_report_family") }}' then 'unknown report family: no family''s signature tables' end,
            case when captions.series is null then 'no deal series found in the report' end,
            case when captions.distribution_date is null then 'no distribution date found in the report' end,
            case when missing_roles.missing_tables is not null then 'missing tables: ' || missing_roles.missing_tables end,
            case
                when unterminated.unterminated_tables > 0
                    then unterminated.unterminated_tables || ' table(s) cut off before </TABLE>'
            end,
            case when filings.unreadable_cell_count > 0 then filings.unreadable_cell_count || ' unreadable number(s)' end,
            case
                when label_issues.withholding_labels > 0
                    then label_issues.withholding_labels || ' unmapped label(s) that withhold the facts'
            end,
            case
                when label_issues.unmapped_labels > coalesce(label_issues.withholding_labels, 0)
                    then
                        (label_issues.unmapped_labels - coalesce(label_issues.withholding_labels, 0))
                        || ' unmapped label(s)'
            end
        ), '') as incomplete_reason,
        filings.filed_date,
        filings.loaded_at

    from filings
    left join families on filings.filing_id = families.filing_id
    left join captions on filings.filing_id = captions.filing_id
    left join issuer on filings.filing_id = issuer.filing_id
    left join missing_roles on filings.filing_id = missing_roles.filing_id
    left join unterminated on filings.filing_id = unterminated.filing_id
    left join label_issues on filings.filing_id = label_issues.filing_id

),

peers as (

    -- The filings this table holds of the new filings' (deal, distribution date), with what ranks them
    -- (none on a full build).
    {% if is_incremental() -%}
    select
        held.filing_id,
        held.filing_seq,
        held.report_family,
        held.deal_id,
        held.shelf_code,
        held.series,
        held.issuer_title,
        held.distribution_date,
        held.record_date,
        held.form_type,
        held.is_amendment,
        held.missing_tables,
        held.unreadable_cells,
        held.unmapped_labels,
        held.facts_withheld,
        held.incomplete_reason,
        loaded.filed_date,
        loaded.loaded_at

    from {{ this }} as held
    inner join {{ ref('stg_edgar__filings') }} as loaded on held.filing_id = loaded.filing_id
    where (held.deal_id, held.distribution_date) in (
        select
            identified.deal_id,
            identified.distribution_date
        from identified
    )
    {% else %}
        select * from identified
        where false
    {% endif %}

),

candidates as (

    select * from identified
    union all
    select * from peers

),

ranked as (

    select
        *,
        row_number() over (
            partition by deal_id, distribution_date
            order by
                facts_withheld asc,
                incomplete_reason is null desc,
                is_amendment desc,
                filed_date desc nulls last,
                loaded_at desc,
                filing_id asc
        ) as filing_rank

    from candidates

)

select
    filing_id,
    filing_seq,
    report_family,
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
    incomplete_reason is null as is_complete,
    incomplete_reason,
    unmapped_labels,
    facts_withheld,
    deal_id is not null and distribution_date is not null and filing_rank = 1 and not facts_withheld as is_current

from ranked
