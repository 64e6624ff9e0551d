with

source as (

    select * from {{ source('edgar', 'rejected_files') }}

),

renamed as (

    select
        load_run_id,
        source_path,
        sha256,
        reason as rejection_reason,
        detail as rejection_detail,
        rejected_at

    from source

)

select * from renamed
