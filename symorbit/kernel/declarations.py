"""The statement vocabulary as the kernel reads it: closed kinds of hypotheses and claims.

A certificate names its statement and, for every statement outside the built-in names, carries
its ``declaration``: the logical content the kernel checks (built-ins may carry it too; it must
then equal the kernel's pin of that name, so no certificate can prove something weaker under
a paper's name)::

  {"title", "source", "status", "text": strings (shown, not checked),
   "mode": "raw" | "relative",  "rule": null | a decision rule (mode relative),
   "generic": bool (only rewards whose orbit has no ties count),
   "hypotheses": [ {"kind": "copies", "of": "A" | "ND(A)",
                    "fixing": "none" | "C" | "Z_minus_extra" | "disjoint_supports"},   PR Def. A.7; gives n
                   {"kind": "common_copies", "fixing": "none" | "C"},                   PR Conj. D.13; gives m, n
                   {"kind": "n_at_least_m"}, {"kind": "disjoint"} (A and B disjoint),
                   {"kind": "a_nondominated"} (ND(A) = A), {"kind": "power_copy"} (OPTS Prop. 6.6; n = 1),
                   {"kind": "python", "description": str} (engine-only: the kernel cannot check code) ],
   "claim": {"kind": "most", "ratio": E} (gt >= E lt) | {"kind": "weak_fraction" | "strict_fraction",
            "bound": E} | {"kind": "pointwise"} (lt = 0)}

E is an exact expression over integers, n and m with + - * / and parentheses, at most 64
characters, evaluated with the n and m that the witnesses show.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .check import Malformed, _short

__all__ = ["DECLARATION_KEYS", "builtin", "claim_bound", "declaration", "ratio_value"]

DECLARATION_KEYS = {"title", "source", "status", "text", "mode", "rule", "generic", "hypotheses", "claim"}
_LOGIC = ("mode", "rule", "generic", "hypotheses", "claim")
_HYPOTHESES: dict[str, dict[str, tuple[str, ...]]] = {
    "copies": {"of": ("A", "ND(A)"), "fixing": ("none", "C", "Z_minus_extra", "disjoint_supports")},
    "common_copies": {"fixing": ("none", "C")},
    "n_at_least_m": {}, "disjoint": {}, "a_nondominated": {}, "power_copy": {}, "python": {"description": ()},
}
_CLAIMS = {"most": "ratio", "weak_fraction": "bound", "strict_fraction": "bound", "pointwise": ""}
_FRACTIONAL_EXTRAS = ("n_at_least_m", "fix_C", "disjoint")


def _pin(mode: str, hyps: list[dict[str, Any]], claim: dict[str, Any], *, rule: Any = None,
         generic: bool = False, source: str) -> dict[str, Any]:
    return {"mode": mode, "rule": rule, "generic": generic, "hypotheses": hyps, "claim": claim, "source": source}


def _copies(of: str, fixing: str) -> dict[str, Any]:
    return {"kind": "copies", "of": of, "fixing": fixing}


def builtin(name: str) -> dict[str, Any] | None:
    """The kernel's pin of a built-in statement name (its logical content and source), or None.

    >>> builtin("scaling_law_raw")["claim"]
    {'kind': 'most', 'ratio': 'n'}
    >>> [h["kind"] for h in builtin("fractional_conjecture+fix_C+n_at_least_m")["hypotheses"]]
    ['common_copies', 'n_at_least_m']
    """
    most_n = {"kind": "most", "ratio": "n"}
    if name == "scaling_law_raw":
        return _pin("raw", [_copies("ND(A)", "none")], most_n, source="PR Lemma D.3")
    if name == "scaling_law_relative":
        return _pin("relative", [_copies("ND(A)", "Z_minus_extra")], most_n, source="PR Lemma D.5")
    if name == "strict_scaling_conjecture":
        return _pin("raw", [_copies("ND(A)", "none"), {"kind": "disjoint"}],
                    {"kind": "strict_fraction", "bound": "n/(n+1)"}, generic=True, source="the post")
    if name == "more_options_more_power":
        return _pin("raw", [{"kind": "power_copy"}], {"kind": "most", "ratio": "1"}, source="OPTS Prop. 6.6")
    if name.startswith("decision_rule_"):
        return _pin("relative", [_copies("A", "C")], most_n, rule="", source="PR Prop. A.11")
    base, *extra = name.split("+")
    if base != "fractional_conjecture" or len(set(extra)) != len(extra) or not set(extra) <= set(_FRACTIONAL_EXTRAS):
        return None
    hyps = [{"kind": "common_copies", "fixing": "C" if "fix_C" in extra else "none"}]
    hyps += [{"kind": x} for x in extra if x != "fix_C"]
    return _pin("relative", hyps, {"kind": "most", "ratio": "n/m"}, source="PR Conjecture D.13")


def _text(x: Any, where: str) -> str:
    if not isinstance(x, str) or len(x) > 4000:
        raise Malformed(f"{where}: must be a string of at most 4000 characters")
    return x


def _kind(x: Any, where: str, table: dict[str, Any]) -> str:
    if not isinstance(x, dict) or not isinstance(x.get("kind"), str) or x["kind"] not in table:
        raise Malformed(f"{where}: must be an object whose kind is one of {sorted(table)}")
    return str(x["kind"])


def _hypothesis(h: Any, where: str) -> None:
    fields = _HYPOTHESES[_kind(h, where, _HYPOTHESES)]
    if set(h) != {"kind"} | set(fields):
        raise Malformed(f"{where}: a {h['kind']} hypothesis has exactly the fields {sorted({'kind'} | set(fields))}")
    for key, allowed in fields.items():
        if allowed and h[key] not in allowed:
            raise Malformed(f"{where}.{key}: must be one of {list(allowed)}")
        if not allowed:
            _text(h[key], f"{where}.{key}")


def declaration(cert: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The declaration the certificate's statement stands for, and whether its name is a built-in.

    A built-in name takes the kernel's pin; a declaration given with it must match the pin.
    Any other name needs its own declaration, every part of which is checked for kind and shape.
    """
    name = cert.get("statement")
    if not isinstance(name, str) or not name or len(name) > 1000:
        raise Malformed("statement: must name a statement (at most 1000 characters)")
    pin, given = builtin(name), cert.get("declaration")
    base = name.split("+")[0]
    if pin is None and (base in ("decision_rule", "orbit_counts") or "+" in name and builtin(base) is not None):
        raise Malformed(f"statement: {name!r} misuses a built-in name (unknown added hypotheses, or no rule)")
    if pin is None and given is None:
        raise Malformed(f"statement: {name!r} is not a built-in name, so the certificate needs its declaration")
    if given is not None:
        if not isinstance(given, dict) or set(given) != DECLARATION_KEYS:
            raise Malformed(f"declaration: must have exactly the fields {sorted(DECLARATION_KEYS)}")
        for key in ("title", "source", "status", "text"):
            _text(given[key], f"declaration.{key}")
        if given["mode"] not in ("raw", "relative") or not isinstance(given["generic"], bool):
            raise Malformed("declaration: mode must be 'raw' or 'relative' and generic true or false")
        if given["rule"] is not None and (not isinstance(given["rule"], str) or given["mode"] != "relative"):
            raise Malformed("declaration.rule: must be null, or a decision rule with mode 'relative'")
        hyps = given["hypotheses"]
        if not isinstance(hyps, list) or len(hyps) > 16:
            raise Malformed("declaration.hypotheses: must be a list of at most 16 hypotheses")
        for i, h in enumerate(hyps):
            _hypothesis(h, f"declaration.hypotheses[{i}]")
        claim = given["claim"]
        field = _CLAIMS[_kind(claim, "declaration.claim", _CLAIMS)]
        if set(claim) != {"kind"} | ({field} if field else set()):
            raise Malformed(f"declaration.claim: a {claim['kind']} claim has exactly the fields "
                            f"{sorted({'kind'} | ({field} if field else set()))}")
    if pin is not None:
        if name.startswith("decision_rule_"):
            rule = cert.get("rule")
            if not isinstance(rule, str) or name != "decision_rule_" + rule.replace(":", "_").replace("/", "_"):
                raise Malformed(f"rule: {_short(rule)} does not match the statement {name!r}")
            pin["rule"] = rule
        if given is not None and any(given[k] != pin[k] for k in _LOGIC):
            raise Malformed(f"declaration: differs from the kernel's built-in {name!r} "
                            "(a built-in name stands for the papers' statement; rename yours)")
        return {**(given or {}), **pin}, True
    assert given is not None
    return dict(given), False


def _parse(s: str, i: int, values: dict[str, Fraction]) -> tuple[Fraction, int]:
    """expr := term (('+'|'-') term)*; term := atom (('*'|'/') atom)*; atom := int | n | m | (expr)."""
    def atom(i: int) -> tuple[Fraction, int]:
        if i < len(s) and s[i] == "(":
            v, i = _parse(s, i + 1, values)
            if i >= len(s) or s[i] != ")":
                raise Malformed(f"claim: unbalanced parentheses in {s!r}")
            return v, i + 1
        if i < len(s) and s[i] in "nm":
            if s[i] not in values:
                raise Malformed(f"claim: {s!r} uses {s[i]}, which no hypothesis of the statement gives")
            return values[s[i]], i + 1
        j = next((k for k in range(i, len(s)) if not s[k].isdecimal()), len(s))    # a bounded scan: no loop to hang
        if j == i:
            raise Malformed(f"claim: cannot read {s!r} at position {i}")
        return Fraction(int(s[i:j])), j

    def term(i: int) -> tuple[Fraction, int]:
        v, i = atom(i)
        for _ in range(len(s)):     # each round reads two characters or more, so the bound is never reached
            if i >= len(s) or s[i] not in "*/":
                break
            op, (w, i) = s[i], atom(i + 1)
            if op == "/" and w == 0:
                raise Malformed(f"claim: {s!r} divides by zero")
            v = v * w if op == "*" else v / w
        return v, i

    v, i = term(i)
    for _ in range(len(s)):     # as in term; a loop stopped by its bound leaves i short of the end: Malformed
        if i >= len(s) or s[i] not in "+-":
            break
        op, (w, i) = s[i], term(i + 1)
        v = v + w if op == "+" else v - w
    return v, i


def ratio_value(expr: Any, values: dict[str, Fraction]) -> Fraction:
    """The exact value of a claim's ratio or bound with the witnessed n and m.

    >>> ratio_value("n/(n+1)", {"n": Fraction(3)})
    Fraction(3, 4)
    >>> ratio_value("1/2", {})
    Fraction(1, 2)
    """
    if not isinstance(expr, str) or not 0 < len(expr) <= 64 or not set(expr) <= set("0123456789nm+-*/() "):
        raise Malformed("claim: a ratio or bound is a string of at most 64 characters over integers, n, m, "
                        "+ - * / and parentheses")
    s = expr.replace(" ", "")
    if s.count("(") > 16:
        raise Malformed("claim: at most 16 parentheses in a ratio or bound")
    v, i = _parse(s, 0, values)
    if i != len(s):
        raise Malformed(f"claim: cannot read {expr!r} at position {i}")
    return v


def claim_bound(claim: dict[str, Any], values: dict[str, Fraction]) -> Fraction | None:
    """The claim's ratio or bound (None for a pointwise claim)."""
    field = _CLAIMS[claim["kind"]]
    return ratio_value(claim[field], values) if field else None
