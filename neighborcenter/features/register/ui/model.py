"""The resident list model: every matching id, rows fetched a page at a time as they scroll
into view (20 000 residents stay smooth). No database handle: it asks for pages by signal."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal

from neighborcenter.features.register.registry import PAGE_SIZE, ResidentRow, SortKey
from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.i18n import _
from neighborcenter.ui.common.table_model import ROW_ROLE

COLUMNS = (
    ("name", lambda: _("Name"), SortKey.NAME),
    ("sex", lambda: _("Sex"), None),
    ("age", lambda: _("Age"), SortKey.AGE),
    ("id", lambda: _("ID number"), None),
    ("phone", lambda: _("Phone"), None),
    ("address", lambda: _("Address"), SortKey.ADDRESS),
    ("tags", lambda: _("Tags"), None),
    ("status", lambda: _("State"), SortKey.STATUS),
)


def _text(row: ResidentRow, key: str) -> str:
    if key == "name":
        return row.name
    if key == "sex":
        return Sex(row.sex).label if row.sex else ""
    if key == "age":
        return "" if row.age is None else str(row.age)
    if key == "id":
        return row.masked_id
    if key == "phone":
        return row.masked_phone
    if key == "address":
        return row.address
    if key == "tags":
        return row.tags
    return row.status.label


class ResidentTableModel(QAbstractTableModel):
    rows_were_wanted = Signal(list)  # ids whose rows the page should fetch
    sort_was_requested = Signal(object, bool)  # SortKey, descending

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, ResidentRow] = {}
        self._position: dict[str, int] | None = {}  # made when rows arrive (not per keystroke)
        self._pending: set[str] = set()
        self._wanted: list[str] = []

    # -- feeding
    def set_result(self, ids: list[str], rows: list[ResidentRow]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._position = None  # 100 000 ids: 10 ms a keystroke, so only when rows arrive
        self._rows = {r.id: r for r in rows}
        self._pending.clear()
        self._wanted.clear()
        self.endResetModel()

    def add_rows(self, rows: list[ResidentRow]) -> None:
        if self._position is None:
            self._position = {rid: i for i, rid in enumerate(self._ids)}
        positions = []
        for r in rows:
            self._pending.discard(r.id)
            if r.id in self._position:
                self._rows[r.id] = r
                positions.append(self._position[r.id])
        if positions:
            self.dataChanged.emit(self.index(min(positions), 0),
                                  self.index(max(positions), len(COLUMNS) - 1))

    def id_at(self, position: int) -> str:
        return self._ids[position]

    def row_at(self, position: int) -> ResidentRow | None:
        return self._rows.get(self._ids[position])

    def ids(self) -> list[str]:
        return list(self._ids)

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rid = self._ids[index.row()]
        row = self._rows.get(rid)
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                self._want(index.row())
                return "…" if index.column() == 0 else ""
            return _text(row, COLUMNS[index.column()][0])
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):  # COLUMNS[-1] would answer for "no column"
            return COLUMNS[section][1]()
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """-1 (Qt's "no column": the sort indicator cleared) is the natural order, by name;
        Python's COLUMNS[-1] would have sorted by the last column, the state."""
        key = (COLUMNS[column][2] if 0 <= column < len(COLUMNS) else None) or SortKey.NAME
        self.sort_was_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def _want(self, position: int) -> None:
        start = position // PAGE_SIZE * PAGE_SIZE
        ids = [i for i in self._ids[start:start + PAGE_SIZE]
               if i not in self._rows and i not in self._pending]
        if not ids:
            return
        self._pending.update(ids)
        if not self._wanted:
            QTimer.singleShot(0, self._flush)
        self._wanted.extend(ids)

    def _flush(self) -> None:
        wanted, self._wanted = self._wanted, []
        if wanted:
            self.rows_were_wanted.emit(wanted)
