"""Turn SuiteQL (Oracle-flavoured SQL over NetSuite's tables) into SQL that SQLite runs.

Only what public SuiteQL traffic uses is translated: BUILTIN.DF / BUILTIN.CF, TO_DATE,
TO_TIMESTAMP, TO_CHAR, NVL, NVL2, SYSDATE, CURRENT_DATE, CURRENT_TIMESTAMP, TRUNC and
`FETCH FIRST n ROWS ONLY`. Datetime columns are read on the user's wall clock (`ns_wall_clock`),
as SuiteQL shows them in the user's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>--[^\n]*)
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$#]*)
  | (?P<op><>|!=|<=|>=|\|\||[(),.*=<>+\-/?;%])
    """,
    re.VERBOSE,
)

# Identifiers that NetSuite allows bare but SQLite reserves as keywords.
_RESERVED_IN_SQLITE = {"transaction"}

_FUNCTION_RENAMES = {
    "to_date": "ns_to_datetime",
    "to_timestamp": "ns_to_datetime",
    "to_char": "ns_to_char",
    "nvl": "ifnull",
    "nvl2": "ns_nvl2",
    "trunc": "ns_trunc",
}

# BUILTIN.DF(<column>) shows the referenced record's name; keyed by the column's own name.
_DISPLAY_LOOKUPS = {
    "entity": "(SELECT ns_c.altname FROM customer ns_c WHERE ns_c.id = {expr})",
    "customer": "(SELECT ns_c.altname FROM customer ns_c WHERE ns_c.id = {expr})",
    "currency": "(SELECT ns_cu.name FROM currency ns_cu WHERE ns_cu.id = {expr})",
    "subsidiary": "(SELECT ns_s.name FROM subsidiary ns_s WHERE ns_s.id = {expr})",
    "item": "(SELECT ns_i.itemid FROM item ns_i WHERE ns_i.id = {expr})",
    "type": "ns_type_display({expr})",
    "previoustype": "ns_type_display({expr})",
    "nexttype": "ns_type_display({expr})",
}
for _doc_column in ("previousdoc", "nextdoc", "transaction", "createdfrom", "doc"):
    _DISPLAY_LOOKUPS[_doc_column] = (
        '(SELECT ns_transaction_display(ns_t.type, ns_t.tranid) FROM "transaction" ns_t '
        "WHERE ns_t.id = {expr})"
    )


# Columns holding instants (stored UTC), which SuiteQL reads in the user's time zone, and calendar
# dates (stored at midnight), which it reads as they are.
DATETIME_COLUMNS = frozenset(
    {"lastmodifieddate", "datecreated", "createddate", "linecreateddate", "linelastmodifieddate"}
)
DATE_COLUMNS = frozenset({"trandate", "duedate", "linkdate"})
_TIME_COLUMNS = DATETIME_COLUMNS | DATE_COLUMNS
_NOW_WORDS = {"sysdate", "current_timestamp", "localtimestamp"}
# Words after which a bare name is an expression, not a column alias.
_EXPRESSION_KEYWORDS = {
    "select",
    "where",
    "and",
    "or",
    "not",
    "by",
    "on",
    "between",
    "when",
    "then",
    "else",
    "case",
    "in",
    "is",
    "distinct",
    "having",
    "all",
    "any",
    "exists",
    "like",
    "set",
    "union",
}


class UnsupportedQuery(Exception):
    """The query uses SQL the sandbox (or SuiteQL) does not support."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(sql: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(sql):
        match = _TOKEN.match(sql, position)
        if match is None:
            raise UnsupportedQuery(f"unexpected character {sql[position]!r}")
        kind = match.lastgroup or "op"
        if kind != "comment":
            tokens.append(Token(kind, match.group()))
        position = match.end()
    return tokens


def rewrite(sql: str) -> str:
    """SuiteQL text -> SQLite text; raises UnsupportedQuery for anything but one SELECT."""
    tokens = tokenize(sql)
    meaningful = [token for token in tokens if token.kind != "space"]
    if not meaningful or meaningful[0].lower not in ("select", "with"):
        raise UnsupportedQuery("only SELECT queries are supported")
    if any(token.text == ";" for token in meaningful[:-1]):
        raise UnsupportedQuery("only one statement is allowed")
    if meaningful[-1].text == ";":
        tokens = tokens[: len(tokens) - tokens[::-1].index(meaningful[-1]) - 1]
    return "".join(_rewrite_tokens(tokens))


def _rewrite_tokens(tokens: list[Token]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "word" and token.lower == "builtin":
            index = _rewrite_builtin(tokens, index, out)
            continue
        if token.kind == "word" and token.lower == "fetch":
            index = _rewrite_fetch_first(tokens, index, out)
            continue
        if token.kind in ("word", "quoted"):
            qualified = _qualified_datetime_column(tokens, index)
            if qualified is not None:
                column_end, qualifier = qualified
                column = tokens[column_end]
                stored = f"{_quoted_if_reserved(qualifier)}.{column.text}"
                bounded = _since_bound(tokens, index, column_end, stored)
                if bounded is not None:
                    text, index = bounded
                    out.append(text)
                    continue
                out.append(f"{_reader(column)}({stored})")
                index = column_end + 1
                continue
        if token.kind == "word":
            follows_call = _next_meaningful(tokens, index + 1)
            is_call = follows_call is not None and tokens[follows_call].text == "("
            after_dot = _previous_meaningful_text(tokens, index) == "."
            if is_call and token.lower in _FUNCTION_RENAMES and not after_dot:
                out.append(_FUNCTION_RENAMES[token.lower])
            elif (
                token.lower in _TIME_COLUMNS
                and not is_call
                and not after_dot
                and not _alias_position(tokens, index)
            ):
                out.append(f"{_reader(token)}({token.text})")
            elif token.lower in _NOW_WORDS and not after_dot:
                out.append("ns_sysdate()")
            elif token.lower == "current_date" and not after_dot:
                out.append("ns_today()")
            elif token.lower in _RESERVED_IN_SQLITE:
                out.append(f'"{token.text}"')
            else:
                out.append(token.text)
        else:
            out.append(token.text)
        index += 1
    return out


def _qualified_datetime_column(tokens: list[Token], index: int) -> tuple[int, str] | None:
    """(index of the column token, qualifier) when tokens[index] starts `alias.datetimecolumn`."""
    if _previous_meaningful_text(tokens, index) == ".":
        return None
    dot = _next_meaningful(tokens, index + 1)
    if dot is None or tokens[dot].text != ".":
        return None
    column = _next_meaningful(tokens, dot + 1)
    if column is None or tokens[column].kind != "word" or tokens[column].lower not in _TIME_COLUMNS:
        return None
    after = _next_meaningful(tokens, column + 1)
    if after is not None and tokens[after].text == "(":
        return None
    return column, tokens[index].text


_BOUND_OPENERS = {"(", "where", "and", "or", "not", "on", "when"}
_BOUND_CLOSERS = {")", "and", "or", "order", "group", "then", "fetch", "union", "limit"}


def _since_bound(tokens: list[Token], start: int, column_end: int, stored: str) -> tuple[str, int] | None:
    """`alias.lastmodifieddate >= TO_TIMESTAMP(…)` (or `>`) as
    `(alias.lastmodifieddate >= ns_utc_earliest(…) AND ns_wall_clock(alias.lastmodifieddate) >= …)`.

    The first half compares the stored UTC text, so the column's index answers it; it keeps every row
    the second half keeps (no zone is more than 14 hours ahead of UTC), so the rows are the same and an
    incremental read costs what changed, not the size of the table. Returns the text and the index
    after the literal, or None when the comparison is not of that plain form."""
    if tokens[column_end].lower not in DATETIME_COLUMNS:
        return None
    before = _previous_meaningful_text(tokens, start)
    if before is not None and before.lower() not in _BOUND_OPENERS:
        return None
    operator = _next_meaningful(tokens, column_end + 1)
    if operator is None or tokens[operator].text not in (">=", ">"):
        return None
    function = _next_meaningful(tokens, operator + 1)
    if function is None or tokens[function].lower not in ("to_timestamp", "to_date"):
        return None
    opening = _next_meaningful(tokens, function + 1)
    if opening is None or tokens[opening].text != "(":
        return None
    closing = _matching_paren(tokens, opening)
    arguments = tokens[opening + 1 : closing]
    if any(token.kind not in ("string", "space") and token.text != "," for token in arguments):
        return None  # only literals: the bound must be a constant for the index to use it
    after = _next_meaningful(tokens, closing + 1)
    if after is not None and tokens[after].lower not in _BOUND_CLOSERS:
        return None
    literal = "ns_to_datetime(" + "".join(token.text for token in arguments) + ")"
    op = tokens[operator].text
    # likelihood(): an incremental read usually finds few rows, so the planner starts from the index.
    earliest = f"likelihood({stored} >= ns_utc_earliest({literal}), 0.001)"
    text = f"({earliest} AND ns_wall_clock({stored}) {op} {literal})"
    return text, closing + 1


def _reader(column: Token) -> str:
    """The function that reads a time column on the user's clock (see suiteql.register_functions)."""
    return "ns_wall_clock" if column.lower in DATETIME_COLUMNS else "ns_calendar_day"


def _quoted_if_reserved(qualifier: str) -> str:
    return f'"{qualifier}"' if qualifier.lower() in _RESERVED_IN_SQLITE else qualifier


def _alias_position(tokens: list[Token], index: int) -> bool:
    """A bare name right after an expression (`x AS name`, `x name`) is a column alias."""
    for position in range(index - 1, -1, -1):
        token = tokens[position]
        if token.kind == "space":
            continue
        if token.kind == "word":
            return token.lower == "as" or token.lower not in _EXPRESSION_KEYWORDS
        return token.kind in ("string", "number", "quoted") or token.text == ")"
    return False


def _rewrite_builtin(tokens: list[Token], index: int, out: list[str]) -> int:
    dot = _next_meaningful(tokens, index + 1)
    name = _next_meaningful(tokens, dot + 1) if dot is not None else None
    open_paren = _next_meaningful(tokens, name + 1) if name is not None else None
    if (
        dot is None
        or name is None
        or open_paren is None
        or tokens[dot].text != "."
        or tokens[open_paren].text != "("
    ):
        raise UnsupportedQuery("malformed BUILTIN call")
    close_paren = _matching_paren(tokens, open_paren)
    argument = tokens[open_paren + 1 : close_paren]
    inner = "".join(_rewrite_tokens(argument)).strip()
    function = tokens[name].lower
    column = _column_reference(argument)
    if function == "df":
        if column is not None and column[1] in _DISPLAY_LOOKUPS:
            out.append(_DISPLAY_LOOKUPS[column[1]].format(expr=inner))
        elif column is not None and column[1] == "status":
            out.append(f"ns_status_display({_sibling(column[0], 'type')}, {inner})")
        else:
            out.append(f"({inner})")
    elif function == "cf":
        if column is not None and column[1] == "status":
            out.append(f"ns_status_code({_sibling(column[0], 'type')}, {inner})")
        else:
            out.append(f"({inner})")
    else:
        raise UnsupportedQuery(f"BUILTIN.{tokens[name].text} is not supported")
    return close_paren + 1


def _rewrite_fetch_first(tokens: list[Token], index: int, out: list[str]) -> int:
    words: list[Token] = []
    position = index
    while position < len(tokens) and len(words) < 5:
        if tokens[position].kind != "space":
            words.append(tokens[position])
        position += 1
    shape = [word.lower for word in words]
    if (
        len(words) == 5
        and shape[1] in ("first", "next")
        and words[2].kind == "number"
        and shape[3] in ("rows", "row")
        and shape[4] == "only"
    ):
        out.append(f"LIMIT {words[2].text}")
        return position
    out.append(tokens[index].text)
    return index + 1


def _column_reference(argument: list[Token]) -> tuple[str | None, str] | None:
    """('nt', 'status') for `NT.Status`, (None, 'status') for `status`, else None."""
    parts = [token for token in argument if token.kind != "space"]
    if len(parts) == 1 and parts[0].kind == "word":
        return None, parts[0].lower
    if (
        len(parts) == 3
        and parts[0].kind in ("word", "quoted")
        and parts[1].text == "."
        and parts[2].kind == "word"
    ):
        return parts[0].text, parts[2].lower
    return None


def _sibling(qualifier: str | None, column: str) -> str:
    if qualifier is None:
        return column
    if qualifier.lower() in _RESERVED_IN_SQLITE:
        qualifier = f'"{qualifier}"'
    return f"{qualifier}.{column}"


def _matching_paren(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for position in range(open_index, len(tokens)):
        if tokens[position].text == "(":
            depth += 1
        elif tokens[position].text == ")":
            depth -= 1
            if depth == 0:
                return position
    raise UnsupportedQuery("unbalanced parentheses")


def _next_meaningful(tokens: list[Token], start: int) -> int | None:
    for position in range(start, len(tokens)):
        if tokens[position].kind != "space":
            return position
    return None


def _previous_meaningful_text(tokens: list[Token], index: int) -> str | None:
    for position in range(index - 1, -1, -1):
        if tokens[position].kind != "space":
            return tokens[position].text
    return None


def table_aliases(sql: str) -> dict[str, str]:
    """{alias: table} for the FROM/JOIN clauses, as NetSuite lists 'Available identifiers'."""
    meaningful = [token for token in tokenize(sql) if token.kind != "space"]
    aliases: dict[str, str] = {}
    for position, token in enumerate(meaningful[:-1]):
        if token.lower not in ("from", "join"):
            continue
        table = meaningful[position + 1]
        if table.kind != "word":
            continue
        alias = table.lower
        following = meaningful[position + 2 : position + 4]
        if following and following[0].lower == "as" and len(following) > 1:
            alias = following[1].lower
        elif following and following[0].kind == "word" and following[0].lower not in _CLAUSE_WORDS:
            alias = following[0].lower
        aliases[alias] = table.lower
    return aliases


_CLAUSE_WORDS = {
    "where",
    "inner",
    "left",
    "right",
    "full",
    "outer",
    "join",
    "on",
    "group",
    "order",
    "having",
    "union",
    "cross",
    "fetch",
    "limit",
    "minus",
    "intersect",
}
