with

source as (

    select * from {{ source('edgar', 'report_tables') }}

),

renamed as (

    select
        filing_id,
        filing_seq,
        document_sequence,
        table_ordinal,
        segment as table_segment,
        title as table_title,
        -- A table printed without a title line is known by its heading words (Bankers Trust's
        -- "FACTOR INFORMATION PER $1000 OF ORIGINAL FACE ... PASS-THROUGH").
        {{ normalize_label('coalesce(title, header_text)') }} as table_key,
        is_continued,
        header_text,
        layout_hash,
        first_line as first_line_no,
        last_line as last_line_no,
        footnotes,
        coalesce(is_terminated, true) as is_terminated,
        factor_denomination

    from source

)

select * from renamed
