with

source as (

    select * from {{ source('edgar', 'report_labels') }}

),

renamed as (

    select
        label_id,
        label

    from source

)

select * from renamed
