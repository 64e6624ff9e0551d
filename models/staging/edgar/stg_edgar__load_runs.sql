with

source as (

    select * from {{ source('edgar', 'load_runs') }}

),

renamed as (

    select
        load_run_id,
        started_at,
        finished_at,
        paths as load_paths,
        files_seen,
        files_loaded,
        files_unchanged,
        files_rejected,
        parser_version

    from source

)

select * from renamed
