"""Keeping text cells from running as formulas when a council opens slcp's files in a spreadsheet.

OWASP's rule ("CSV injection", REFERENCE §7): a cell whose text begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return can run as a formula. Every writer of CSV or Excel
text passes each text cell through :func:`neutralise_formula`, which puts a single quote in
front of such a cell; every reader of slcp's own files passes it back through
:func:`restore_formula`, which takes exactly that quote away again.

So that round trips stay exact for every text, a cell that already begins with a quote is
escaped too (one more quote in front): ``restore_formula(neutralise_formula(s)) == s`` for
every string ``s``. Only text cells are neutralised: a number (``-5``, money in pence) or a
date is written as itself.
"""

from __future__ import annotations

__all__ = ["FORMULA_TRIGGERS", "neutralise_formula", "restore_formula"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = frozenset("=+-@\t\r")

_QUOTE = "'"


def neutralise_formula(text: str) -> str:
    """``text`` as it is safe to write in a spreadsheet cell.

    A text beginning with a formula trigger or with a single quote gets one quote in front;
    any other text is returned unchanged.

    >>> neutralise_formula('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> neutralise_formula("@SUM(A1:A2)"), neutralise_formula("-1"), neutralise_formula("\\t")
    ("'@SUM(A1:A2)", "'-1", "'\\t")
    >>> neutralise_formula("Oak House"), neutralise_formula(""), neutralise_formula("a=b")
    ('Oak House', '', 'a=b')
    >>> neutralise_formula("'quoted")
    "''quoted"
    """
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == _QUOTE):
        return _QUOTE + text
    return text


def restore_formula(text: str) -> str:
    """The text :func:`neutralise_formula` was given, from what it wrote.

    Removes one leading quote when it is followed by a formula trigger or another quote;
    a quote followed by anything else (a file slcp did not write) is kept.

    >>> restore_formula("'=1+1"), restore_formula("''quoted"), restore_formula("'plain")
    ('=1+1', "'quoted", "'plain")
    >>> restore_formula("Oak House"), restore_formula("'"), restore_formula("")
    ('Oak House', "'", '')
    """
    if len(text) >= 2 and text[0] == _QUOTE and (text[1] in FORMULA_TRIGGERS or text[1] == _QUOTE):
        return text[1:]
    return text
