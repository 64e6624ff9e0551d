{#-
    One row per filing: the report's masthead (distribution date, record date, shelf and series) and
    the line of its first key/value statement. Where a family prints them: as caption statements
    ("Record Date:  11/30/03", "THB  Series: 2003-1"), as deal-level rows of a class page's footer
    ("RECORD DATE:  November 30, 1998"), or, for the series, shelf and issuer, in the page banner
    above the tables, read from the report document by the family's patterns (seed report_families).
    Incremental, keyed on filing.
-#}
{{ config(materialized='batched') }}

with

cells as (

    -- The caption statements, and the masthead figures a family prints as deal-level rows (two reads:
    -- each filter reaches the view's cell scan or its table join).
    select * from {{ ref('int_report_cells_labelled') }}
    where cell_area = 'caption' and {{ new_filings_only() }}

    union all

    select * from {{ ref('int_report_cells_labelled') }}
    where
        cell_area != 'caption'
        and table_subject_axis in ('deal', 'class')
        and subject_axis = 'deal'
        and measure in ('distribution_date', 'record_date', 'series')
        and {{ new_filings_only() }}

),

families as (

    select
        filing_families.filing_id,
        filing_families.filing_seq,
        report_families.series_pattern,
        report_families.shelf_pattern,
        report_families.issuer_pattern,
        report_families.caption_shelf_pattern

    from {{ ref('int_filing_families') }} as filing_families
    left join {{ ref('report_families') }} as report_families
        on filing_families.report_family = report_families.report_family
    where {{ new_filings_only('filing_families.filing_seq') }}

),

banner_documents as (

    -- Only a family that prints its series outside the tables reads the report document: the filings
    -- are chosen before the documents are read (a semi join), so no other document's text is read.
    select
        documents.filing_seq,
        documents.sequence

    from {{ source('edgar', 'documents') }} as documents
    where
        documents.is_report
        and documents.filing_seq in (
            select banner_families.filing_seq
            from families as banner_families
            where banner_families.series_pattern is not null
        )
        and {{ new_filings_only('documents.filing_seq') }}

),

banner_texts as (

    -- The raw layer stores a document's text in pieces (loaders/warehouse.py), put back in order here
    -- rather than read from stg_edgar__documents: DuckDB does not push the banner filings' semi join
    -- through that view's group by, so the view would put every document back together (measured at
    -- 10k filings: 1.5-2.1 s through the view, 0.04 s here, with no banner family in the corpus).
    select
        pieces.filing_seq,
        string_agg(pieces.text, '' order by pieces.chunk) as document_text

    from {{ source('edgar', 'document_text') }} as pieces
    inner join banner_documents as documents
        on
            pieces.filing_seq = documents.filing_seq
            and pieces.document_sequence = documents.sequence
    where {{ new_filings_only('pieces.filing_seq') }}
    group by pieces.filing_seq

),

banners as (

    select
        families.filing_id,
        nullif(regexp_extract(documents.document_text, families.series_pattern, 1), '') as series,
        nullif(regexp_extract(documents.document_text, families.shelf_pattern, 1), '') as shelf_code,
        nullif(trim(regexp_replace(regexp_extract(documents.document_text, families.issuer_pattern, 1), '\s+', ' ', 'g')), '')
            as issuer_title

    from banner_texts as documents
    inner join families on documents.filing_seq = families.filing_seq

),

captions as (

    -- The shelf code is the series caption's label less its last word (the family's caption_shelf_pattern:
    -- "THB  Series: 2003-1" is shelf THB).
    select
        cells.filing_id,
        cells.filing_seq,
        max(case when cells.measure = 'distribution_date' then cells.value_date end) as distribution_date,
        max(case when cells.measure = 'record_date' then cells.value_date end) as record_date,
        max(case when cells.measure = 'series' then cells.value_text end) as series,
        max(case when cells.measure = 'series' then regexp_extract(cells.label_key, families.caption_shelf_pattern, 1) end)
            as shelf_code,
        min(case when cells.cell_area = 'caption' then cells.line_no end) as first_caption_line_no

    from cells
    left join families on cells.filing_id = families.filing_id
    group by cells.filing_id, cells.filing_seq

),

final as (

    select
        captions.filing_id,
        captions.filing_seq,
        captions.distribution_date,
        captions.record_date,
        coalesce(captions.series, banners.series) as series,
        coalesce(captions.shelf_code, banners.shelf_code) as shelf_code,
        banners.issuer_title as banner_issuer_title,
        captions.first_caption_line_no

    from captions
    left join banners on captions.filing_id = banners.filing_id

)

select * from final
