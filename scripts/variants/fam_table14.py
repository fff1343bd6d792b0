"""Variant 'table14' of family 'table': no department column; within each 項目 the rows are
grouped by department, each group under a band row naming it and nothing else
(「震災復興・企画部　情報政策課」, no label, no brackets), as a 施策一覧 ordered by 担当課 prints
it.  A band opens every group again after a 分野 or 項目 band; an initiative's sub-measures stay
under it."""
from famlib import Cell, Row, dept_text, draw_rows, family_copy, fit_columns, fw, rec_copy, year_columns

_base = family_copy("fam_table")
DEPT_FILL = 0.97


def columns(doc, width):
    open_year, years = year_columns(doc)
    ny = len(years) + (1 if open_year is not None else 0)
    fixed, yw, rest = fit_columns(width, [24, 126, 260, 72], 42.0 if ny >= 4 else 50.0, ny)
    return fixed, [yw] * ny, rest, open_year, years


def initiative_row(r, fixed, ycols, rest, open_year, years, ts):
    # the family's row with a department cell; this table has none
    row = _base.initiative_row(r, fixed + [0.0], ycols, rest, open_year, years, ts)
    del row.cells[4]
    return row


def department_of(r):
    return "、".join(dept_text(d) for d in r["departments"])


def grouped(recs):
    """The initiatives of each 項目 ordered by department (stable), a measure's sub-measures
    kept after it."""
    units, out = [], []
    for r in recs:
        if r["parent"] is not None and units:
            units[-1].append(r)
        else:
            units.append([r])
    i = 0
    while i < len(units):
        j = i
        key = (units[i][0]["field_no"], units[i][0]["item_no"])
        while j < len(units) and (units[j][0]["field_no"], units[j][0]["item_no"]) == key:
            j += 1
        for u in sorted(units[i:j], key=lambda u: department_of(u[0])):
            out += u
        i = j
    return out


def render(doc, ts, style):
    m = _m
    yrs = m.Years(style, form="long")

    def on_new_page(flow):
        if len(flow.pages) == 1:
            flow.para("県が取り組む施策一覧表", size=12, role="gb", pitch=20)
            flow.skip(2)
        for r in m.header_rows(doc, flow.width, yrs):
            h = r.height(ts)
            r.draw(flow, flow.x0, flow.y, h)
            flow.y += h

    flow = m.Flow(ts, landscape=True, margin=28, top=44, bottom=40, header=doc["edition"]["title"],
                  on_new_page=on_new_page)
    fixed, ycols, rest, open_year, years = columns(doc, flow.width)

    def band(text, fill):
        return Row([Cell(flow.width, [(text, "gb", 8.5, "l")], fill=fill)])

    out = []
    cur_field = cur_item = cur_dept = None
    recs = grouped([r for r in doc["records"] if r["kind"] == "initiative"])
    for r in recs:
        pending = []
        if r["field_no"] != cur_field:
            cur_field, cur_item, cur_dept = r["field_no"], None, None
            pending.append(band("分野%s　%s" % (fw(r["field_no"]), r["field"]), m.FIELD_FILL))
        if r["item_no"] != cur_item:
            cur_item, cur_dept = r["item_no"], None
            if r["item_no"] is not None:
                pending.append(band("項目%s　%s" % (fw(r["item_no"]), r["item"]), m.ITEM_FILL))
        dept = department_of(r)
        if dept and dept != cur_dept and r["parent"] is None:
            cur_dept = dept
            pending.append(band(dept, DEPT_FILL))
        draw_rows(flow, pending + [initiative_row(r, fixed, ycols, rest, open_year, years, ts)],
                  group=r["id"])
        out.append(rec_copy(r, flow.page.number))
    return flow, out


def header_rows(doc, width, yrs):
    fixed, ycols, rest, open_year, years = columns(doc, width)
    cells = [_base.head_cell(w, h) for w, h in zip(fixed, _base.HEADS[:4])]
    ylabels = ([yrs.upto(open_year)] if open_year is not None else []) + [yrs.fy(y) for y in years]
    cells += [_base.year_head_cell(w, s) for w, s in zip(ycols, ylabels)]
    cells.append(Cell(rest, [(_base.INDICATOR_HEAD, "gb", _base.BODY, "cfit")], fill=_base.HEAD_FILL,
                      valign="middle"))
    return [Row(cells, min_h=22)]


_m = family_copy("fam_table", NAME="table14", header_rows=header_rows)
NAME = _m.NAME
