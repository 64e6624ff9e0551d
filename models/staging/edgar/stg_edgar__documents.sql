with

source as (

    select * from {{ source('edgar', 'documents') }}

),

texts as (

    -- The raw layer stores a document's text in pieces (raw.document_text, see loaders/warehouse.py);
    -- they are put back together in order.
    select
        filing_seq,
        document_sequence,
        string_agg(text, '' order by chunk) as document_text

    from {{ source('edgar', 'document_text') }}
    group by filing_seq, document_sequence

),

renamed as (

    select
        source.filing_id,
        source.filing_seq,
        source.sequence as document_sequence,
        source.doc_type,
        source.filename,
        source.description,
        source.is_report,
        source.text_start_line,
        texts.document_text

    from source
    left join texts
        on
            source.filing_seq = texts.filing_seq
            and source.sequence = texts.document_sequence

)

select * from renamed
