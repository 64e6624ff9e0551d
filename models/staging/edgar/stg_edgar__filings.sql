with

source as (

    select * from {{ source('edgar', 'filings') }}

),

renamed as (

    select
        filing_id,
        filing_seq,
        accession_number,
        upper(form_type) as form_type,
        upper(cover_form_type) as cover_form_type,
        filed_date,
        period_of_report as period_of_report_date,
        cik,
        company_name,
        sec_file_number,
        document_count,
        has_sec_header,
        encoding,
        source_path,
        sha256,
        report_sha256,
        file_bytes,
        report_document_sequence,
        report_document_type,
        table_count,
        cell_count,
        unreadable_cell_count,
        parser_version,
        load_run_id,
        loaded_at

    from source

)

select * from renamed
