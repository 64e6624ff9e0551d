with

source as (

    select * from {{ source('edgar', 'report_cells') }}

),

documents as (

    -- The report document of each cell: its filing_id and where its text starts in the file. The
    -- narrow raw table keys cells by filing_seq and document and stores the line in the document only.
    select
        filing_id,
        filing_seq,
        sequence as document_sequence,
        text_start_line

    from {{ source('edgar', 'documents') }}

),

renamed as (

    select
        documents.filing_id,
        source.filing_seq,
        source.document_sequence,
        source.table_ordinal,
        source.segment as table_segment,
        {{ code_name('source.area', 'area') }} as cell_area,
        source.line_no,
        source.line_no + documents.text_start_line - 1 as file_line_no,
        source.char_start,
        source.char_end,
        source.row_ordinal,
        -- The labels as ids of stg_edgar__report_labels (the label map and the labelled cells give
        -- their texts): the row's own, the one the row carries (its own, else the one it inherits
        -- from the row above) and the column's.
        source.row_label_id,
        coalesce(source.row_label_id, source.row_label_inherited_id) as row_label_filled_id,
        source.row_sub,
        source.label_occurrence,
        source.column_ordinal,
        source.column_label_id,
        source.raw_text,
        {{ code_name('source.value_kind', 'value_kind') }} as value_kind,
        -- A number as printed less , $ % ( ) + and negative in parentheses: the loader's reading
        -- (loaders/tables.py, _value_clean), which the raw table does not store again.
        case
            when source.value_kind = {{ code_of('value_kind', 'number') }} then {{ printed_number('source.raw_text') }}
        end as value_number,
        -- A date as the loader read it (a spelled-out month cut to three letters, as 09/25/2003).
        case
            when source.value_kind = {{ code_of('value_kind', 'date') }}
                then try_strptime(
                    source.value_clean, ['%m/%d/%y', '%m/%d/%Y', '%d-%b-%Y', '%d-%b-%y', '%B %d, %Y', '%b %d, %Y']
                )::date
        end as value_date,
        case when source.value_kind = {{ code_of('value_kind', 'text') }} then source.raw_text end as value_text,
        source.value_kind = {{ code_of('value_kind', 'unreadable') }} as is_unreadable

    from source
    inner join documents
        on
            source.filing_seq = documents.filing_seq
            and source.document_sequence = documents.document_sequence

)

select * from renamed
