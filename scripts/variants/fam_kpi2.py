"""Variant 'kpi2' of family 'kpi': measures numbered ① without 施策, ◆ label marks,
［担当課］, and a KPI table headed 成果指標 | 基準値（…） | 目標値（…）."""
from famlib import family_copy

_m = family_copy("fam_kpi", NAME="kpi2", MEASURE_FORMAT="%s　", DEPT_LABEL="［担当課］", LABEL_MARK="◆",
                 KPI_HEAD="成果指標", CURRENT_HEAD="基準値")
NAME, render = _m.NAME, _m.render
