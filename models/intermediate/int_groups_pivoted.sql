{#-
    One row per filing x loan group (loan_group null and is_total for the statement's Total column):
    the group-level collateral statement and the group percentages of "Miscellaneous Reporting",
    pivoted to columns.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

cells as (

    select * from {{ ref('int_report_cells_labelled') }}
    where table_role in ('group_collateral', 'group_percentages') and cell_area = 'data' and {{ new_filings_only() }}

),

pivoted as (

    select
        filing_id,
        filing_seq,
        loan_group,
        bool_or(is_total) as is_total,
        min(line_no) as first_line_no,
        {{ pivot_measure('collateral_description', 'text') }},
        {{ pivot_measure('record_date', 'date') }},
        {{ pivot_measure('beginning_loan_count', 'count') }},
        {{ pivot_measure('loans_paid_in_full', 'count') }},
        {{ pivot_measure('ending_loan_count', 'count') }},
        {{ pivot_measure('wam_months', 'count') }},
        {{ pivot_measure('beginning_balance', 'money') }},
        {{ pivot_measure('ending_balance', 'money') }},
        {{ pivot_measure('pi_constant', 'money') }},
        {{ pivot_measure('scheduled_principal', 'money') }},
        {{ pivot_measure('unscheduled_principal', 'money') }},
        {{ pivot_measure('scheduled_interest', 'money') }},
        {{ pivot_measure('servicing_fee', 'money') }},
        {{ pivot_measure('master_servicing_fee', 'money') }},
        {{ pivot_measure('trustee_fee', 'money') }},
        {{ pivot_measure('fry_amount', 'money') }},
        {{ pivot_measure('special_hazard_fee', 'money') }},
        {{ pivot_measure('other_fee', 'money') }},
        {{ pivot_measure('pool_insurance_fee', 'money') }},
        {{ pivot_measure('spread_fee_1', 'money') }},
        {{ pivot_measure('spread_fee_2', 'money') }},
        {{ pivot_measure('spread_fee_3', 'money') }},
        {{ pivot_measure('net_interest', 'money') }},
        {{ pivot_measure('realized_loss', 'money') }},
        {{ pivot_measure('cumulative_realized_loss', 'money') }},
        {{ pivot_measure('prepayment_penalties', 'money') }},
        {{ pivot_measure('special_servicing_fee', 'money') }},
        {{ pivot_measure('gross_wac', 'percent') }},
        {{ pivot_measure('net_wac', 'percent') }},
        {{ pivot_measure('pass_through_rate', 'percent') }},
        {{ pivot_measure('cumulative_loss_percentage', 'percent') }},
        {{ pivot_measure('senior_percentage', 'percent') }},
        {{ pivot_measure('senior_prepayment_percentage', 'percent') }},
        {{ pivot_measure('subordinate_percentage', 'percent') }},
        {{ pivot_measure('subordinate_prepayment_percentage', 'percent') }},
        count(*) filter (where is_unreadable) as unreadable_cells

    from cells
    where measure is distinct from 'group_heading'
    group by filing_id, filing_seq, loan_group

)

select * from pivoted
