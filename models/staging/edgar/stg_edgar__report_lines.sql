with

source as (

    select * from {{ source('edgar', 'report_lines') }}

),

renamed as (

    select
        filing_id,
        filing_seq,
        document_sequence,
        table_ordinal,
        segment as table_segment,
        line_no,
        file_line_no,
        kind as line_kind,
        text as line_text

    from source

)

select * from renamed
