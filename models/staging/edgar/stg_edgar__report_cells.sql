with

source as (

    select * from {{ source('edgar', 'report_cells') }}

),

renamed as (

    select
        filing_id,
        filing_seq,
        document_sequence,
        table_ordinal,
        segment as table_segment,
        area as cell_area,
        line_no,
        file_line_no,
        char_start,
        row_ordinal,
        row_label,
        row_label_filled,
        {{ normalize_label('row_label_filled') }} as row_key,
        row_sub,
        label_occurrence,
        column_ordinal,
        column_label,
        {{ normalize_label('column_label') }} as column_key,
        raw_text,
        value_kind,
        case
            when value_kind = 'number' then try_cast(value_clean as decimal(38, 10))
        end as value_number,
        case
            when value_kind = 'date'
                then try_strptime(value_clean, ['%m/%d/%y', '%m/%d/%Y', '%d-%b-%Y', '%d-%b-%y', '%B %d, %Y', '%b %d, %Y'])::date
        end as value_date,
        case when value_kind = 'text' then value_clean end as value_text,
        value_kind = 'unreadable' as is_unreadable,
        sha256

    from source

)

select * from renamed
