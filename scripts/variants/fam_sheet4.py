"""Variant 'sheet4' of family 'sheet': the sheet family's cards (labels in shaded rows ABOVE values, a year
grid with arrows, a KPI table) two side by side on an A4 landscape page."""

from famlib import Flow, Years, year_columns, cards_across, family_copy

_base = family_copy("fam_sheet")
NAME = "sheet4"
GAP = 20

def render(doc, ts, style):
    yrs = Years(style, form="short")
    flow = Flow(ts, landscape=True, margin=36, top=54, bottom=44, header=doc["edition"]["title"])
    flow.new_page()
    open_year, years = year_columns(doc)
    initiatives = [r for r in doc["records"] if r["kind"] == "initiative"]
    out = cards_across(flow, ts, initiatives,
                       lambda r, W: _base.card_rows(r, W, yrs, open_year, years), 2, GAP)
    return flow, out
