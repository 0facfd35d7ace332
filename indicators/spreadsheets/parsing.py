"""Reading the cells of one row into values, every refusal kept: a row's later problems are not
hidden behind its first one."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from indicators.forms import parse_french_decimal
from indicators.spreadsheets.layout import LIST_SEPARATOR, objective_level
from indicators.spreadsheets.mapping import excel_date
from indicators.spreadsheets.reading import Row, cell_text

YES = {"oui", "o", "vrai", "x", "1", "yes", "true"}
NO = {"non", "n", "faux", "0", "no", "false", ""}
DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


class RowRefused(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key, self.message = key, message


class RowCells:
    """The cells of `row`, read one by one: a cell that cannot be read gives None and its
    refusal is kept in `errors` (key, message)."""

    def __init__(self, row: Row, vocabularies: dict[str, dict[str, str]]):
        self.row, self.vocabularies = row, vocabularies
        self.errors: list[tuple[str, str]] = []

    def has(self, key: str) -> bool:
        """Whether the file has a column for `key`: a layout without it leaves the field as is."""
        return key in self.row.data

    def refuse(self, key: str, message: str):
        self.errors.append((key, message))

    def _read(self, key: str, read, *args, **kwargs):
        try:
            return read(key, *args, **kwargs)
        except RowRefused as refusal:
            self.refuse(refusal.key, refusal.message)
            return None

    def text(self, key: str, *, required=False, max_length=None) -> str:
        return self._read(key, self._text, required=required, max_length=max_length) or ""

    def integer(self, key: str, *, required=False) -> int | None:
        return self._read(key, self._integer, required=required)

    def decimal(self, key: str) -> Decimal | None:
        return self._read(key, self._decimal)

    def date(self, key: str) -> datetime.date | None:
        return self._read(key, self._date)

    def choice(self, key: str, *, default: str | None = None) -> str | None:
        return self._read(key, self._choice, default=default)

    def codes(self, key: str) -> list[str]:
        return self._read(key, self._codes) or []

    def boolean(self, key: str) -> bool | None:
        return self._read(key, self._boolean)

    def level(self, key: str = "level") -> str | None:
        return self._read(key, self._level)

    def parts(self, key: str) -> list[str]:
        text = cell_text(self.row.data.get(key))
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]

    # The readers, raising RowRefused ------------------------------------------------------

    def _text(self, key, *, required, max_length) -> str:
        text = cell_text(self.row.data.get(key))
        if required and not text:
            raise RowRefused(key, "Cette case est obligatoire.")
        if max_length and len(text) > max_length:
            raise RowRefused(key, f"Au plus {max_length} caractères ({len(text)} ici).")
        return text

    def _integer(self, key, *, required) -> int | None:
        text = self._text(key, required=required, max_length=None)
        if not text:
            return None
        if not text.isdigit():
            raise RowRefused(key, f"« {text} » n'est pas un nombre entier positif.")
        return int(text)

    def _decimal(self, key) -> Decimal | None:
        value = self.row.data.get(key)
        if value is None or cell_text(value) == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        try:
            return parse_french_decimal(cell_text(value))
        except ValidationError as error:
            raise RowRefused(key, " ".join(error.messages)) from error

    def _date(self, key) -> datetime.date | None:
        value, _ = excel_date(self.row.data.get(key))
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in DATE_PATTERNS:
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise RowRefused(key, f"« {text} » n'est pas une date : écrivez-la jj/mm/aaaa.")

    def _choice(self, key, *, default) -> str:
        text = cell_text(self.row.data.get(key))
        if not text:
            if default is None:
                raise RowRefused(key, "Cette case est obligatoire.")
            return default
        code = self.vocabularies[key].get(text.lower())
        if code is None:
            raise RowRefused(key, _unknown(text, self.vocabularies[key]))
        return code

    def _codes(self, key) -> list[str]:
        codes = []
        for part in self.parts(key):
            code = self.vocabularies[key].get(part.lower())
            if code is None:
                raise RowRefused(key, _unknown(part, self.vocabularies[key]))
            codes.append(code)
        return codes

    def _boolean(self, key) -> bool:
        text = cell_text(self.row.data.get(key)).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise RowRefused(key, f"« {text} » : écrivez « oui » ou « non ».")

    def _level(self, key) -> str:
        text = self._text(key, required=True, max_length=None)
        code = objective_level(text)
        if code is None:
            raise RowRefused(key, f"« {text} » : écrivez général, spécifique ou opérationnel.")
        return code


def _unknown(text: str, vocabulary: dict[str, str]) -> str:
    labels = [word for word in vocabulary if word not in vocabulary.values()]
    shown = ", ".join(f"« {label} »" for label in labels[:12])
    return f"« {text} » n'est pas une valeur reconnue : écrivez l'une de celles-ci : {shown}."


def shown(value) -> str:
    """A value as the preview shows it, before → after."""
    if value in (None, "", [], set()):
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(str(v) for v in value))
    if isinstance(value, models.Model):
        return str(value)
    text = str(value)
    return text if len(text) <= 120 else f"{text[:117]}…"
