"""The ``symorbit`` command line: a thin layer over the library.

Every command that computes takes ``--json``. Errors print one line
(``symorbit: error: ...``) and exit with status 2; ``verify`` exits 1 when a
certificate is refuted.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from importlib.metadata import version
from typing import Any, Callable, NoReturn, Sequence

from symorbit.errors import MissingExtra, SymorbitError
from symorbit.exact.numbers import fraction_str, to_vector

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"symorbit: error: {message} (see symorbit {self.prog.split()[-1]} --help)\n"
                  if " " in self.prog else f"symorbit: error: {message} (see symorbit --help)\n")


def _vec_strs(v: Sequence[Any]) -> list[str]:
    return [fraction_str(x) if isinstance(x, (int, Fraction)) else str(x) for x in v]


def _table_data(table: Any) -> dict[str, Any]:
    """A table as JSON: exact numbers as "p/q" strings."""
    return {"title": table.title, "columns": list(table.columns),
            "rows": [[fraction_str(x) if isinstance(x, (int, Fraction)) else x for x in row] for row in table.rows]}


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2) if args.json else text)


def _progress(total: int, enabled: bool) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A tqdm bar on stderr for long counts (shown when stderr is a terminal or on --progress)."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, mininterval=0.5, unit_scale=True)
    return bar.update, bar.close


# ------------------------------------------------------------------ commands
def cmd_visits(args: argparse.Namespace) -> int:
    from symorbit.mdp.library import load_environment
    from symorbit.mdp.visits import (
        GAMMA,
        recurrent_state_distributions,
        visit_distributions,
    )
    from symorbit.outcomes.nondominated import nondominated

    env = load_environment(args.env)
    if args.gamma == "average":
        F = recurrent_state_distributions(env, args.state, args.first_action)
    else:
        F = visit_distributions(env, args.state, GAMMA if args.gamma == "symbolic" else args.gamma, args.first_action)
    if args.nondominated:
        F = nondominated(F)
    rows = [{"vector": _vec_strs(v), "first_actions": sorted(t)} for v, t in zip(F.vectors, F.first_actions)]
    data = {"env": env.name, "state": args.state, "gamma": args.gamma, "states": list(env.states),
            "nondominated": args.nondominated, "count": len(F), "vectors": rows}
    lines = [f"{len(F)} visit distributions from {args.state} at gamma={args.gamma} "
             f"(coordinates: {', '.join(env.states)})"]
    lines += [f"  [{', '.join(r['vector'])}]  first action: {', '.join(r['first_actions'])}" for r in rows]
    _emit(args, data, "\n".join(lines))
    return 0


def _rewards_from(args: argparse.Namespace, inst: dict[str, Any], d: int) -> list[tuple[Fraction, ...]]:
    from symorbit.orbits.rewards import reward_family

    spec = getattr(args, "rewards", None)
    if getattr(args, "reward", None):
        return [to_vector(args.reward.split(","), name="--reward")]
    if spec in (None, "file"):
        if not inst["rewards"]:
            raise SymorbitError("the instance has no reward; add reward = [...] or pass --reward 1,2,3")
        return inst["rewards"]
    return reward_family(spec, d)


def cmd_count(args: argparse.Namespace) -> int:
    from symorbit.cli.instances import load_instance
    from symorbit.orbits.counting import orbit_counts
    from symorbit.outcomes.groups import orbit_size

    inst = load_instance(args.instance)
    results = []
    for r in _rewards_from(args, inst, inst["A"].dimension):
        update, close = _progress(orbit_size(r), args.progress or (sys.stderr.isatty() and orbit_size(r) > 10**7))
        try:
            c = orbit_counts(inst["A"], inst["B"], r, relative_to=inst["C"], engine=args.engine,
                             count="permutations" if args.permutations else "elements", progress=update)
        finally:
            close()
        results.append({"reward": _vec_strs(r), **c.to_dict()})
    text = "\n".join(
        f"r = ({', '.join(x['reward'])}): B better {x['b_better']}, A better {x['a_better']}, ties {x['ties']}, "
        f"orbit {x['orbit_size']} ({x['counting']}); strict {x['strict_fraction']}, weak {x['weak_fraction']} "
        f"[engine {x['engine']}]" for x in results)
    _emit(args, results[0] if len(results) == 1 else results, text)
    return 0


def cmd_copies(args: argparse.Namespace) -> int:
    from symorbit.cli.instances import load_instance
    from symorbit.orbits.copies import copies

    inst = load_instance(args.instance)
    res = copies(inst["A"], inst["B"], max_nodes=args.max_nodes)
    data = res.to_dict()
    if res.vacuous:
        text = "A ⊆ B: B contains n copies of A for every n (vacuous, PR footnote 8)"
    else:
        text = (f"B contains n = {res.n} copies of A ({'exhaustive' if res.exhaustive else 'bounded search'})\n"
                + "\n".join(f"  phi_{i + 1} = {list(p)}" for i, p in enumerate(res.involutions)))
    _emit(args, data, text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from symorbit.cli.instances import load_instance
    from symorbit.proofs.statements import Instance
    from symorbit.proofs.verdicts import check_statement
    from symorbit.theorems import resolve

    statement = resolve(args.statement + "".join("+" + x for x in args.extra.split(",")) if args.extra
                        else args.statement)
    raw = load_instance(args.instance)
    inst = Instance(A=raw["A"], B=raw["B"], C=raw["C"], name=args.instance)
    every = args.rewards == "all" and not args.reward   # --rewards all: every r in Q^d (issue 13)
    rewards = "all" if every else _rewards_from(args, raw, inst.d)
    update, close = _progress(len(rewards), not every and (args.progress or (sys.stderr.isatty() and len(rewards) > 50)))
    try:
        v = check_statement(statement, inst, rewards, progress=update)
    finally:
        close()
    if args.certificate and v.certificate is not None:
        with open(args.certificate, "w", encoding="utf-8") as fh:
            json.dump(v.certificate, fh, indent=2)
    d = v.to_dict()
    text = (f"{v.statement}: {v.status} ({v.reason}); bound {d['bound']}; {d['checked_rewards']} rewards checked"
            + (f", {v.skipped} non-generic skipped" if v.skipped else "")
            + (f"; counterexample r = ({', '.join(d['counterexample'])})" if v.counterexample else "")
            + f" [{v.provenance}]")
    if every and v.status != "hypotheses not met":
        text += "".join(f"\n  worst {name} over all rewards: {w['value']}"
                        + (f" at r = ({', '.join(w['reward'])})" if w["reward"] else " (A is never strictly better)")
                        for name, w in (("ratio #B-better/#A-better", d["worst_ratio"]),
                                        ("strict fraction", d["worst_strict_fraction"]),
                                        ("weak fraction", d["worst_weak_fraction"])))
    _emit(args, d, text)
    return 1 if every and v.status == "fails" else 0


def cmd_search(args: argparse.Namespace) -> int:
    from symorbit.counterexamples.families import family
    from symorbit.counterexamples.runner import search

    fam = family(args.family)
    executor = None
    client = None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtra("search --scheduler needs dask.distributed: pip install 'symorbit[dask]'") from None

        client = Client(args.scheduler)
        executor = client.get_executor()
    if not args.json:
        print(f"family {fam.name}: {fam.size} instances ({fam.duplicates} isomorphic duplicates skipped)",
              file=sys.stderr)
    try:
        res = search(args.conjecture, fam, args.rewards, checkpoint=args.resume or args.checkpoint,
                     workers=args.workers, executor=executor, progress=not args.no_progress, expect=args.expect)
    finally:
        if client is not None:
            client.close()
    if args.certificates:
        from pathlib import Path

        folder = Path(args.certificates)
        folder.mkdir(parents=True, exist_ok=True)
        for rec in res.counterexamples:
            (folder / f"{rec['key'].replace(':', '_')}.json").write_text(json.dumps(rec["certificate"], indent=2))
    d = res.to_dict()
    text = (f"{res.statement} on {res.family}: {res.checked} instances checked ({res.resumed} from the checkpoint), "
            f"{res.holds} hold, {res.hypotheses_not_met} do not meet the hypotheses, "
            f"{len(res.counterexamples)} counterexamples, {res.duplicates_skipped} isomorphic duplicates skipped, "
            f"{res.seconds:.1f} s")
    for rec in res.counterexamples[:5]:
        text += f"\n  {rec['key']}: r = ({', '.join(rec['counterexample'])}) [{rec['provenance']}]"
    _emit(args, d, text)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from symorbit.kernel import Malformed, check_certificate

    try:
        with open(args.certificate, encoding="utf-8") as fh:
            cert = json.load(fh)
        problems = check_certificate(cert)
    except OSError as exc:
        raise SymorbitError(f"{args.certificate}: cannot read ({exc.strerror})") from None
    except (json.JSONDecodeError, Malformed) as exc:
        raise SymorbitError(f"{args.certificate}: malformed certificate ({exc})") from None
    data = {"verified": not problems, "problems": problems}
    _emit(args, data, "verified" if not problems else "refuted:\n" + "\n".join(f"  {p}" for p in problems))
    return 0 if not problems else 1


def cmd_theorems(args: argparse.Namespace) -> int:
    from symorbit.theorems import REGISTRY

    rows = [{"name": s.name, "status": s.status, "source": s.source, "mode": s.mode, "title": s.title,
             "text": s.text} for s in REGISTRY.values()]
    text = "\n".join(f"{r['name']:<28} {r['status']:<12} {r['source']:<40} {r['title']}" for r in rows)
    _emit(args, rows, text)
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    from symorbit.tour import TABLES

    if args.name not in TABLES:
        raise SymorbitError(f"table {args.name!r} is unknown; choose one of {', '.join(TABLES)}")
    table = TABLES[args.name](kernel=args.kernel)
    _emit(args, _table_data(table), (f"{table.title}\n\n" if args.format == "markdown" else "") + table.render(args.format))
    return 0


def cmd_tour(args: argparse.Namespace) -> int:
    from symorbit.tour import TABLES

    out, data = [], []
    intro = ("symorbit tour: the post's worked examples, computed live and exactly.\n"
             "Counts are over distinct orbit elements; 'strict' = B strictly better, 'weak' = B at least as good.")
    for name, build in TABLES.items():
        t = build()
        out.append(f"## {t.title}\n\n{t.markdown()}")
        data.append({"name": name, **_table_data(t)})
    _emit(args, data, intro + "\n\n" + "\n\n".join(out))
    return 0


# ------------------------------------------------------------------ parser
EXAMPLES = {
    "tour": "symorbit tour",
    "visits": "symorbit visits candy --state start --gamma 1/2 --nondominated",
    "count": "symorbit count examples/candy.toml --json",
    "copies": "symorbit copies examples/two_vs_51.json --json",
    "check": "symorbit check scaling_law_raw examples/candy.toml --rewards patterns:0,1,2 --certificate cert.json",
    "verify": "symorbit verify cert.json",
    "theorems": "symorbit theorems",
    "table": "symorbit table die-live --format latex",
    "search": "symorbit search fractional_conjecture+n_at_least_m --family det-mdp:3:2 --rewards patterns:0,1,2 "
              "--checkpoint run.jsonl",
}


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symorbit", description="Exact orbit counting and proof-checking for power-seeking theory.",
                epilog="Start with: symorbit tour")
    p.add_argument("--version", action="version", version=f"symorbit {version('symorbit')}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, epilog=f"example: {EXAMPLES[name]}")
        sp.set_defaults(func=func)
        if name not in ("verify",):
            sp.add_argument("--json", action="store_true", help="print JSON")
        return sp

    add("tour", cmd_tour, "the post's worked examples as exact tables (the main job)")
    sp = add("visits", cmd_visits, "state visit distributions F(s), exact")
    sp.add_argument("env", help="built-in name (candy, die-live:M:N, opts-figure-1, coin) or a .toml/.json file")
    sp.add_argument("--state", required=True)
    sp.add_argument("--gamma", required=True, help='a rational in (0, 1) such as 1/2, "symbolic" or "average"')
    sp.add_argument("--first-action")
    sp.add_argument("--nondominated", action="store_true", help="keep only F_nd (certified LP)")
    for name, func, help_ in (("count", cmd_count, "orbit counts: B better / A better / ties"),
                              ("copies", cmd_copies, "the largest n with B containing n copies of A"),
                              ("check", cmd_check, "check a theorem or conjecture on an instance")):
        sp = add(name, func, help_)
        if name == "check":
            sp.add_argument("statement", help="a name from symorbit theorems")
        sp.add_argument("instance", help="a .json/.toml instance file (A, B, reward) or (env, state, ...)")
        if name == "count":
            sp.add_argument("--reward", help="comma-separated reward overriding the file's")
            sp.add_argument("--engine", default="auto",
                            choices=["auto", "reference", "vectorised", "pruning", "blocks", "topwalk"])
            sp.add_argument("--permutations", action="store_true", help="count all d! permutations, not elements")
            sp.add_argument("--progress", action="store_true", help="show a progress bar")
        if name == "copies":
            sp.add_argument("--max-nodes", type=int, default=200_000)
        if name == "check":
            sp.add_argument("--rewards", default="file",
                            help="file, patterns:V1,V2,..., random:COUNT:SEED, or all (every reward in Q^d; "
                                 "exit 1 when the statement fails)")
            sp.add_argument("--reward", help="one comma-separated reward")
            sp.add_argument("--extra", help="extra hypotheses for fractional_conjecture, comma-separated")
            sp.add_argument("--certificate", help="write the verdict's certificate to this file")
            sp.add_argument("--progress", action="store_true", help="show a progress bar over the rewards")
    sp = add("search", cmd_search, "search a family of instances for counterexamples (checkpointed)")
    sp.add_argument("conjecture", help="a statement name; fractional_conjecture+n_at_least_m+fix_C adds hypotheses")
    sp.add_argument("--family", required=True, help="det-mdp:K:B[:GAMMA], one-hot:D or random-vectors:D:COUNT:SEED")
    sp.add_argument("--rewards", default="patterns:0,1,2",
                    help="patterns:V1,V2,..., random:COUNT:SEED, or all (every reward in Q^d)")
    sp.add_argument("--checkpoint", help="append results to this JSONL file (resumed if it exists)")
    sp.add_argument("--resume", help="resume from (and keep appending to) this checkpoint file")
    sp.add_argument("--workers", type=int, help="local processes (default: all cores)")
    sp.add_argument("--scheduler", help="a Dask scheduler address (tcp://host:port) to run on a cluster")
    sp.add_argument("--certificates", help="folder to write each counterexample's certificate into")
    sp.add_argument("--expect", choices=["none", "found"], help="fail (exit 2) if the outcome differs")
    sp.add_argument("--no-progress", action="store_true")
    sp = add("verify", cmd_verify, "re-verify a certificate with the kernel (exit 0 verified, 1 refuted, 2 malformed)")
    sp.add_argument("certificate")
    sp.add_argument("--json", action="store_true", help="print JSON")
    add("theorems", cmd_theorems, "list the statements with status and source")
    sp = add("table", cmd_table, "an exact table for write-ups")
    sp.add_argument("name", help="candy, candy-discount, die-live, two-vs-51, opts-figure-1")
    sp.add_argument("--format", default="markdown", choices=["markdown", "latex", "csv"])
    sp.add_argument("--kernel", action="store_true", help="kernel-check every row, even large ones")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symorbit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SymorbitError as exc:
        print(f"symorbit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symorbit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
