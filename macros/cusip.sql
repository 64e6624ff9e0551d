{#-
    True when `column` is a CUSIP: eight characters of 0-9, A-Z, *, @, # and a ninth, the check digit
    of the first eight (modulus 10 "double add double": every second character's value doubled, the
    digits of the values summed, the check digit is what brings the sum to a multiple of 10). A
    pseudo-CUSIP a trustee prints for a class that has none (BNCMOR074X, THBMOR031R) or a placeholder
    (NA) is not one: the marts keep it as printed, never as a CUSIP.
-#}
{% macro is_cusip(column) -%}
    coalesce(
        regexp_matches({{ column }}, '^[0-9A-Z*@#]{8}[0-9]$')
        and (10 - list_sum(list_transform(
            list_transform(
                range(1, 9),
                lambda i: (instr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*@#', substr({{ column }}, i::integer, 1)) - 1)
                * (2 - i % 2)
            ),
            lambda v: v // 10 + v % 10
        )) % 10) % 10 = try_cast(substr({{ column }}, 9, 1) as integer),
        false
    )
{%- endmacro %}
