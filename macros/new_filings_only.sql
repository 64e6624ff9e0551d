{#-
    The per-filing intermediate models are incremental, keyed on filing: a build processes only the
    filings the model does not hold yet. This is the filter for their import CTEs (true on a full
    build). After changing a seed or upgrading the parser, rebuild with `dbt build --full-refresh`.
-#}
{% macro new_filings_only(column='filing_id') -%}
    {%- if is_incremental() -%}
        {{ column }} not in (select already.filing_id from {{ this }} as already)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
