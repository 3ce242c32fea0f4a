"""The ``symorbit`` command line: a thin layer over the library.

Every command that computes takes ``--json``. Errors print one line
(``symorbit: error: ...``) and exit with status 2; ``verify`` exits 1 when a
certificate is refuted and 2 when one is malformed; ``check`` exits 1 when the
statement fails on the instance, and ``search`` when it found a counterexample (unless
``--expect found`` declared that outcome). Every long command takes the same
``--progress`` / ``--no-progress`` flag, on by default when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from fractions import Fraction
from importlib.metadata import version
from typing import Any, Callable, NoReturn, Sequence

import symorbit.cli.guards as guards
from symorbit.errors import MissingExtra, SymorbitError, TooLarge
from symorbit.exact.limits import CLI_CONNECT_TIMEOUT
from symorbit.exact.numbers import fraction_str, to_vector

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A value that starts with a minus sign and a digit is a value, never an option (no option of ours looks
        # like one): before Python 3.13, argparse read only "-1" or "-1.5" so, and "--reward -1,2,3" or
        # "--gamma -1/2" ended in "expected one argument" instead of the reward's or the discount's own check.
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message: str) -> NoReturn:  # one line, exit 2
        message = _one_line(message)
        self.exit(2, f"symorbit: error: {message} (see symorbit {self.prog.split()[-1]} --help)\n"
                  if " " in self.prog else f"symorbit: error: {message} (see symorbit --help)\n")


def _positive(text: str) -> int:
    """An argparse type: a positive integer, checked on the string (at most 18 decimal digits; ``str.isdigit`` would
    let superscripts such as "²" through to ``int``, which refuses them)."""
    if text.isdecimal() and len(text) > 18:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is too large: give at most 18 digits")
    if not (text.isdecimal() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a positive integer")
    return int(text)


def _seed(text: str) -> int:
    """An argparse type: a random seed, an integer >= 0 of at most 18 digits (numpy's generators take no other)."""
    if not (text.isdecimal() and len(text) <= 18):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a seed: give an integer from 0 to 10^18 - 1")
    return int(text)


def _seconds(text: str) -> Fraction:
    """An argparse type: a positive exact number of seconds such as 10 or 1/2."""
    from symorbit.exact.numbers import to_fraction

    try:
        value = to_fraction(text, name="seconds")
    except SymorbitError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} must be positive")
    return value


def _scheduler_address(address: str) -> str:
    """Refuse a malformed Dask scheduler address before connecting (no 30 s wait, no traceback)."""
    from urllib.parse import urlsplit

    shown = address if len(address) <= 60 else address[:40] + "..."
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is not None and parts.scheme == "inproc" and parts.netloc and len(address) <= 300:
        return address  # a scheduler in this very process (LocalCluster(processes=False))
    if (parts is None or parts.scheme not in ("tcp", "tls", "ws", "wss") or not parts.hostname or port is None
            or parts.path not in ("", "/") or parts.query or parts.fragment or len(address) > 300):
        raise SymorbitError(f"--scheduler {shown!r} is not a scheduler address; write tcp://HOST:PORT "
                            "(PORT 1-65535), e.g. tcp://127.0.0.1:8786")
    if not 0 < port < 65536:  # pragma: no cover - urlsplit already refuses ports outside 0..65535
        raise SymorbitError(f"--scheduler {shown!r}: port {port} is outside 1-65535")
    return address


def _vec_strs(v: Sequence[Any]) -> list[str]:
    return [fraction_str(x) if isinstance(x, (int, Fraction)) else str(x) for x in v]


def _table_data(table: Any) -> dict[str, Any]:
    """A table as JSON: exact numbers as "p/q" strings."""
    return {"title": table.title, "columns": list(table.columns),
            "rows": [[fraction_str(x) if isinstance(x, (int, Fraction)) else x for x in row] for row in table.rows]}


def _kernel_share(res: Any) -> str:
    """' (N kernel-checked for every reward)' after the holds of a rewards="all" search, else ''."""
    return f" ({res.holds_kernel_checked} kernel-checked for every reward)" if res.holds_kernel_checked else ""


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    _stop_ticker()
    print(json.dumps(data, indent=2) if args.json else text)


def _wants_progress(args: argparse.Namespace) -> bool:
    """``--progress`` / ``--no-progress``, and without either: on exactly when stderr is a terminal."""
    flag = getattr(args, "progress", None)
    return sys.stderr.isatty() if flag is None else bool(flag)


def _progress_flag(sp: argparse.ArgumentParser) -> None:
    """The one progress flag of every long command, spelled the same everywhere."""
    sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="show progress on stderr (default: on when stderr is a terminal, off otherwise)")


#: Seconds before the status line of a command without a progress bar first appears, and between updates.
TICK_DELAY, TICK_EVERY = 1.0, 0.5


class _Ticker:
    """A one-line status on stderr for a command with no natural bar: what it does, and for how long.

    It appears only after :data:`TICK_DELAY` seconds (quick commands stay silent), is redrawn
    in place every :data:`TICK_EVERY` seconds by a daemon thread, and is erased by :meth:`stop`,
    which :func:`_emit` calls before anything is printed.
    """

    def __init__(self, label: str) -> None:
        import threading
        import time

        self.label, self.note, self._shown = label, "working", 0
        self._start, self._clock = time.monotonic(), time.monotonic
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._done.wait(TICK_DELAY):
            return
        while True:
            line = f"{self.label}: {self.note} ({self._clock() - self._start:.0f} s)"
            sys.stderr.write("\r" + line.ljust(self._shown))
            sys.stderr.flush()
            self._shown = len(line)
            if self._done.wait(TICK_EVERY):
                return

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        if self._shown:
            sys.stderr.write("\r" + " " * self._shown + "\r")
            sys.stderr.flush()
            self._shown = 0


_TICKER: _Ticker | None = None


def _note(text: str) -> None:
    """Say on the status line what the command is doing now (a no-op without one)."""
    if _TICKER is not None:
        _TICKER.note = text


def _stop_ticker() -> None:
    global _TICKER
    if _TICKER is not None:
        _TICKER.stop()
        _TICKER = None


def _ticks(args: argparse.Namespace) -> bool:
    """Commands whose work has no bar of its own get the status line: tour, table, plot, power, check --rewards all."""
    if args.command in ("check", "count"):      # count --rewards all: the worst cases' search has no bar
        return args.rewards == "all" and args.reward is None and _wants_progress(args)
    return args.command in ("tour", "table", "plot", "power") and _wants_progress(args)


def _progress(total: int, enabled: bool) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A tqdm bar on stderr for long counts (shown when stderr is a terminal or on --progress)."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, mininterval=0.5, unit_scale=True)
    return bar.update, bar.close


# ------------------------------------------------------------------ commands
def _discount(text: str, *, average: bool, name: str = "--gamma") -> Any:
    """A discount given on the command line, read as an instance file's ``gamma`` is
    (:meth:`~symorbit.exact.values.Discount.parse`: the same spellings, spaces around it ignored, at most 200
    characters): a Fraction in (0, 1), or ``"average"`` where ``average`` (the average-reward mode)."""
    from symorbit.exact.values import Discount

    discount = Discount.parse(text, name=name)
    if discount.is_average and not average:
        raise SymorbitError(f"{name} average: POWER is defined for a discount 0 < gamma < 1 (OPTS Def. 5.2); "
                            "give one such as 9/10")
    return discount.spec


def cmd_visits(args: argparse.Namespace) -> int:
    from symorbit.mdp.library import load_environment
    from symorbit.mdp.visits import GAMMA, outcomes_at
    from symorbit.outcomes.nondominated import nondominated

    env = load_environment(args.env, **({"max_states": args.max_states} if args.max_states else {}))
    work = {"max_work": args.max_work} if args.max_work else {}
    symbolic = args.gamma.strip() == "symbolic"
    gamma = "symbolic" if symbolic else _discount(args.gamma, average=True)
    F = outcomes_at(env, args.state, GAMMA if symbolic else gamma, first_action=args.first_action, **work)
    if args.nondominated:
        F = nondominated(F)
    rows = [{"vector": _vec_strs(v), "first_actions": sorted(t)} for v, t in zip(F.vectors, F.first_actions)]
    data = {"env": env.name, "state": args.state, "gamma": gamma if isinstance(gamma, str) else fraction_str(gamma),
            "states": list(env.states), "nondominated": args.nondominated, "count": len(F), "vectors": rows}
    lines = [f"{len(F)} visit distributions from {args.state} at gamma={data['gamma']} "
             f"(coordinates: {', '.join(env.states)})"]
    lines += [f"  [{', '.join(r['vector'])}]  first action: {', '.join(r['first_actions'])}" for r in rows]
    _emit(args, data, "\n".join(lines))
    return 0


def _rewards_from(args: argparse.Namespace, inst: dict[str, Any], d: int) -> list[tuple[Fraction, ...]]:
    from symorbit.orbits.rewards import reward_family

    spec = getattr(args, "rewards", None)
    if getattr(args, "reward", None) is not None:      # given empty (--reward=) it is refused, not skipped
        text = args.reward if isinstance(args.reward, str) else ",".join(args.reward)   # 3.11 reads --reward=-- as []
        reward = to_vector(text.split(","), name="--reward")
        if len(reward) != d:
            raise SymorbitError(f"--reward has {len(reward)} entries but the instance's vectors have {d}")
        return [reward]
    if spec in (None, "file"):
        if not inst["rewards"]:
            raise SymorbitError("the instance has no reward; add reward = [...] or pass --reward 1,2,3")
        return inst["rewards"]
    limit = getattr(args, "max_rewards", None)
    return reward_family(spec, d, **({"max_rewards": limit} if limit else {}))


def _load(args: argparse.Namespace) -> dict[str, Any]:
    """The instance file, with the limits given on the command line."""
    from symorbit.cli.instances import load_instance

    return load_instance(args.instance, max_work=args.max_work, max_states=args.max_states)


def cmd_count(args: argparse.Namespace) -> int:
    from symorbit.orbits.counting import orbit_counts
    from symorbit.outcomes.groups import orbit_size

    inst = _load(args)
    if args.rewards == "all":
        return _count_every_reward(args, inst)
    if args.profiles:
        raise SymorbitError("--profiles lists the profiles over every reward: pass it with --rewards all")
    results = []
    client = None
    if args.scheduler:
        from symorbit.orbits.engines.distributed import connect

        client = connect(_scheduler_address(args.scheduler), timeout=CLI_CONNECT_TIMEOUT)
    try:
        for r in _rewards_from(args, inst, inst["A"].dimension):
            size = guards.printable(orbit_size(r))     # an orbit size too long to print is refused before the count
            update, close = _progress(size, bool(args.progress) if args.progress is not None
                                      else sys.stderr.isatty() and size > 10**7)
            try:
                c = orbit_counts(inst["A"], inst["B"], r, relative_to=inst["C"], engine=args.engine,
                                 count="permutations" if args.permutations else "elements", progress=update,
                                 executor=client)
            finally:
                close()
            results.append({"reward": _vec_strs(r), **c.to_dict()})
    finally:
        if client is not None:
            client.close()
    text = "\n".join(
        f"r = ({', '.join(x['reward'])}): B better {x['b_better']}, A better {x['a_better']}, ties {x['ties']}, "
        f"orbit {x['orbit_size']} ({x['counting']}); strict {x['strict_fraction']}, weak {x['weak_fraction']} "
        f"[engine {x['engine']}]" for x in results)
    _emit(args, results[0] if len(results) == 1 else results, text)
    return 0


def _count_every_reward(args: argparse.Namespace, inst: dict[str, Any]) -> int:
    """``count --rewards all``: the worst cases over every reward r ∈ Q^d (and with ``--profiles`` every profile)."""
    from symorbit.orbits.extremes import worst_cases
    from symorbit.orbits.profiles import count_profiles
    from symorbit.proofs.all_rewards import worst_case_json

    given = [flag for flag, on in (("--reward", args.reward is not None), ("--permutations", args.permutations),
                                   ("--scheduler", args.scheduler), ("--engine", args.engine != "auto")) if on]
    if given:
        raise SymorbitError(f"--rewards all counts every reward exactly by its own method: drop {', '.join(given)}")
    worst = worst_cases(inst["A"], inst["B"], relative_to=inst["C"], max_seconds=args.max_seconds)
    data: dict[str, Any] = {"rewards": "all", "pieces": worst.pieces}
    names = (("worst_ratio", "ratio #B-better/#A-better", worst.ratio),
             ("worst_strict_fraction", "strict fraction", worst.strict),
             ("worst_weak_fraction", "weak fraction", worst.weak))
    lines = [f"over every reward in Q^{inst['A'].dimension}"
             + (" (IsOptimal relative to C)" if inst["C"] is not None else "") + f", {worst.pieces} pieces searched:"]
    for key, label, case in names:
        data[key] = w = worst_case_json(case)
        lines.append(f"  worst {label}: {w['value']}" + (
            f" at r = ({', '.join(w['reward'])}): B better {w['counts']['b_better']}, A better "
            f"{w['counts']['a_better']}, ties {w['counts']['ties']}, orbit {w['counts']['orbit_size']}"
            if w["reward"] is not None else " (A is never strictly better)"))
    if args.profiles:
        found = count_profiles(inst["A"], inst["B"], relative_to=inst["C"])
        data["profiles"] = [{"reward": _vec_strs(p.reward), "b_better": p.b_better, "a_better": p.a_better,
                             "ties": p.ties, "orbit_size": p.orbit_size} for p in found]
        lines.append(f"{len(found)} count profiles (B better / A better / ties / orbit, at a witness reward):")
        lines += [f"  {x['b_better']} / {x['a_better']} / {x['ties']} / {x['orbit_size']} at r = "
                  f"({', '.join(x['reward'])})" for x in data["profiles"]]
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_copies(args: argparse.Namespace) -> int:
    from symorbit.orbits.copies import copies

    inst = _load(args)
    res = copies(inst["A"], inst["B"], max_nodes=args.max_nodes, max_seconds=args.max_seconds)
    data = res.to_dict()
    if res.vacuous:
        text = "A ⊆ B: B contains n copies of A for every n (vacuous, PR footnote 8)"
    else:
        text = (f"B contains n = {res.n} copies of A ({'exhaustive' if res.exhaustive else 'bounded search'})\n"
                + "\n".join(f"  phi_{i + 1} = {list(p)}" for i, p in enumerate(res.involutions)))
    _emit(args, data, text)
    return 0


def _check_family(args: argparse.Namespace) -> int:
    """``check CLAIM one-hot:M:N[:REST]``: a claim for every size of a block family (exit 1 when refuted)."""
    import sympy as sp

    from symorbit.parametric import (
        RewardPattern,
        fractional_bound,
        one_hot_family,
        prove,
        scaling_law,
        weak_fraction_bound,
    )

    claims = {"fractional_bound": fractional_bound, "scaling_law": scaling_law,
              "weak_fraction_bound": weak_fraction_bound}
    given = [flag for flag, on in (("--reward", args.reward is not None), ("--rewards", args.rewards != "file"),
                                   ("--extra", args.extra), ("--max-rewards", args.max_rewards),
                                   ("--max-work", args.max_work), ("--max-states", args.max_states)) if on]
    if given:       # they were ignored: a block family's claim is proved for every size at the --pattern given
        raise SymorbitError(f"{given[0]} applies to an instance file; a block family one-hot:M:N is proved for every "
                            "size at one reward pattern (--pattern)")
    if args.statement not in claims:
        raise SymorbitError(f"a block family takes the claim {', '.join(claims)}, not {args.statement!r}")
    parts = args.instance.split(":")[1:]
    pat = (args.pattern or "generic").split(":")
    if len(parts) not in (2, 3) or pat[0] not in ("generic", "top-tie", "levels") or len(pat) > 3 or \
            (pat[0] == "generic") != (len(pat) == 1) or (len(pat) == 3 and pat[2] not in ("distinct", "tied")):
        raise SymorbitError("give the family as one-hot:M:N[:REST] and --pattern as generic, top-tie:T[:tied] or "
                            "levels:T1,T2,...[:tied] (each size an integer or a lower-case symbol)")
    fam = one_hot_family(parts[0], parts[1], rest=parts[2] if len(parts) == 3 else 0)
    levels = [] if pat[0] == "generic" else [x if not x.isdecimal() else int(x) for x in pat[1].split(",")]
    pattern = RewardPattern(levels, pat[2] if len(pat) == 3 else "distinct")
    claim = claims[args.statement](fam, avoid=pattern.symbols)    # its own k and s: not a size's, not a level's
    proof = prove(claim, fam, pattern, max_level=args.max_level or 5, bound=args.bound or 10,
                  kernel_work=args.kernel_work)
    if args.certificate and proof.certificate is not None:
        with open(args.certificate, "w", encoding="utf-8") as fh:
            json.dump(proof.certificate, fh, indent=1)
    _emit(args, {**proof.to_dict(), "symbols": [str(x) for x in sp.sympify(fam.d).free_symbols]}, proof.summary())
    return 1 if proof.status == "refuted" else 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.instance.startswith("one-hot:"):
        return _check_family(args)
    from symorbit.proofs.all_rewards import REWRITTEN_COMPARISON, check_all_rewards
    from symorbit.proofs.statements import Instance
    from symorbit.proofs.verdicts import check_statement
    from symorbit.theorems import resolve

    guards.output_file(args.certificate, "--certificate", [args.instance])
    given = [flag for flag, on in (("--pattern", args.pattern), ("--max-level", args.max_level),
                                   ("--bound", args.bound)) if on]
    if given:       # they were ignored on an instance file
        raise SymorbitError(f"{given[0]} applies to a block family one-hot:M:N[:REST], not to an instance file")
    statement = resolve(guards.statement_spec(args.statement + "".join("+" + x for x in args.extra.split(","))
                                              if args.extra else args.statement))
    raw = _load(args)
    inst = Instance(A=raw["A"], B=raw["B"], C=raw["C"], name=args.instance, env=raw["env"], state=raw["state"],
                    context=raw["context"])
    every = args.rewards == "all" and args.reward is None   # --rewards all: every r in Q^d (issue 13)
    if args.kernel_work and not every:
        raise SymorbitError("--kernel-work applies to --rewards all (without --reward) or a block family one-hot:M:N")
    if args.reward is not None and args.rewards != "file":      # --reward won silently over the family named
        raise SymorbitError(f"--reward and --rewards {args.rewards[:40]} both name the rewards to check; give one")
    rewards: Any = "all" if every else _rewards_from(args, raw, inst.d)
    spec = getattr(args, "rewards", None)
    family = spec if spec and spec.startswith(("patterns:", "random:")) and args.reward is None else "list"
    update, close = _progress(len(rewards), not every and (bool(args.progress) if args.progress is not None
                                                           else sys.stderr.isatty() and len(rewards) > 50))
    try:
        v = check_all_rewards(statement, inst, kernel_work=args.kernel_work) if every else \
            check_statement(statement, inst, rewards, progress=update, family=family)
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
        exact = d.get("worst_exact", True)
        lead = "worst {} over all rewards" if exact else "least {} found (not proven minimal)"
        none = " (A is never strictly better)" if exact else " (no reward found where A is strictly better)"
        if d["compared"] == REWRITTEN_COMPARISON:       # an optimal-fraction claim, decided as B against C ∪ B
            text += (f"\n  the worst values compare {d['compared']} (the optimal-fraction claim is the weak fraction "
                     "of B against C ∪ B)")
        text += "".join(f"\n  {lead.format(name)}: {w['value']}"
                        + (f" at r = ({', '.join(w['reward'])})" if w["reward"] else none)
                        for name, w in (("ratio #B-better/#A-better", d["worst_ratio"]),
                                        ("strict fraction", d["worst_strict_fraction"]),
                                        ("weak fraction", d["worst_weak_fraction"])))
        text += _max_work_note(d.get("kernel_units"), args.certificate)
    if args.certificate and v.certificate is None:     # said, so that a missing file is no surprise
        text += f"\n  no certificate written to {args.certificate}: a verdict of {v.status!r} has none"
    _emit(args, d, text)
    return 1 if v.status == "fails" else 0


def _max_work_note(units: int | None, certificate: str | None) -> str:
    """A line saying how to re-verify a certificate that needs more than the kernel's default budget, else ''.

    >>> _max_work_note(4_000_000, "c.json")
    '\\n  the certificate needs 4000000 units of kernel work: verify it with symorbit verify c.json --max-work 4000000'
    >>> _max_work_note(10, "c.json")
    ''
    """
    from symorbit.kernel import KERNEL_WORK_LIMIT

    if units is None or units <= KERNEL_WORK_LIMIT:
        return ""
    return (f"\n  the certificate needs {units} units of kernel work: verify it with symorbit verify "
            f"{certificate or 'CERTIFICATE'} --max-work {units}")


def cmd_search(args: argparse.Namespace) -> int:
    from symorbit.counterexamples.families import family
    from symorbit.counterexamples.runner import check_workers, search
    from symorbit.theorems import resolve

    if args.scheduler:
        _scheduler_address(args.scheduler)
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise MissingExtra("search --scheduler needs dask.distributed: pip install 'symorbit[dask]'") from None
    elif args.workers is not None:
        check_workers(args.workers, oversubscribe=args.oversubscribe)
    if args.kernel_work and args.rewards != "all":
        raise SymorbitError("--kernel-work applies to --rewards all only (over a reward family, instances that hold "
                            "are not kernel-checked)")
    resolve(guards.statement_spec(args.conjecture))
    guards.output_file(args.resume or args.checkpoint, "--resume" if args.resume else "--checkpoint")
    guards.output_folder(args.certificates, "--certificates")
    if args.resume and args.checkpoint:
        raise SymorbitError("give --resume FILE or --checkpoint FILE, not both")
    show = _wants_progress(args)
    fam = family(args.family, progress=show,
                 **({"max_work": args.max_family_work} if args.max_family_work else {}))

    def started(_resumed: int) -> None:       # once the checkpoint is accepted: a refusal stays one line
        if not args.json:
            print(f"family {fam.name}: {fam.size} instances ({fam.duplicates} isomorphic duplicates skipped)",
                  file=sys.stderr)

    res = search(args.conjecture, fam, args.rewards, checkpoint=args.resume or args.checkpoint,
                 workers=args.workers, scheduler=args.scheduler, progress=show, expect=args.expect,
                 resume=bool(args.resume), certificates=args.certificates, oversubscribe=args.oversubscribe,
                 kernel_work=args.kernel_work, on_start=started, connect_timeout=args.connect_timeout)
    d = res.to_dict()
    text = (f"{res.statement} on {res.family}: {res.checked} instances checked ({res.resumed} from the checkpoint), "
            f"{res.holds} hold{_kernel_share(res)}, {res.hypotheses_not_met} do not meet the hypotheses, "
            + (f"{res.vacuous} vacuous (no reward counted), " if res.vacuous else "")
            + f"{len(res.counterexamples)} counterexamples, {res.duplicates_skipped} isomorphic duplicates skipped, "
            f"{res.seconds:.1f} s")
    shown = res.counterexamples if len(res.counterexamples) <= SEARCH_LISTED else res.counterexamples[:SEARCH_LISTED - 1]
    for rec in shown:
        text += f"\n  {rec['key']}: r = ({', '.join(rec['counterexample'])}) [{rec['provenance']}]"
    if len(shown) < len(res.counterexamples):
        text += (f"\n  ... and {len(res.counterexamples) - len(shown)} more "
                 "(--json lists every one" + (", as does the checkpoint)" if args.resume or args.checkpoint else ")"))
    _emit(args, d, text)
    # As `check`: 1 when the statement fails somewhere. `--expect found` declared that outcome (a mismatch
    # raised above, exit 2), so there finding counterexamples is success.
    return 1 if res.counterexamples and args.expect != "found" else 0


#: The most counterexamples ``search`` lists in its summary; past it, it lists one fewer and says how many more.
SEARCH_LISTED = 20


def cmd_power(args: argparse.Namespace) -> int:
    """Exact POWER of a state under iid uniform rewards, and a Monte Carlo estimate when asked."""
    from symorbit.analysis.power import MAX_WORK, power, power_monte_carlo
    from symorbit.mdp.library import load_environment

    env = load_environment(args.env, **({"max_states": args.max_states} if args.max_states else {}))
    if not args.exact and not args.monte_carlo:
        raise SymorbitError("--no-exact leaves nothing to compute; add --monte-carlo N")
    gamma = _discount(args.gamma, average=False)
    data: dict[str, Any] = {"env": env.name, "state": args.state, "gamma": fraction_str(gamma),
                            "distribution": "iid uniform on [0, 1] per state", "exact": None, "exact_decimal": None,
                            "monte_carlo": None}
    lines = []
    if args.exact:
        _note("exact POWER (Normaliz volumes)")
        try:
            value = power(env, args.state, gamma,
                          max_work=float(args.max_estimate) if args.max_estimate else MAX_WORK)
        except (TooLarge, MissingExtra) as exc:
            if isinstance(exc, TooLarge) and not args.monte_carlo:
                raise TooLarge(f"{exc}; on the command line: --max-estimate SECONDS, or --monte-carlo N") from None
            if not args.monte_carlo:
                raise
            data["exact_refused"] = str(exc)
            lines.append(f"exact POWER: not computed ({_one_line(str(exc))})")
        else:
            data["exact"], data["exact_decimal"] = fraction_str(value), f"{float(value):.6f}"
            lines.append(f"POWER({args.state}, γ = {data['gamma']}) = {fraction_str(value)} ≈ {float(value):.6f} "
                         "(exact; iid uniform rewards on [0, 1] per state, OPTS Def. 5.2)")
    if args.monte_carlo:
        _note(f"Monte Carlo, {args.monte_carlo} samples")
        mean, se = power_monte_carlo(env, args.state, gamma, samples=args.monte_carlo, seed=args.seed)
        data["monte_carlo"] = {"samples": args.monte_carlo, "seed": args.seed, "mean": mean, "standard_error": se}
        line = f"Monte Carlo: {mean:.6f} ± {se:.6f} (standard error; {args.monte_carlo} samples, seed {args.seed})"
        if data["exact"] is not None and se > 0:
            line += f"; the exact value is {abs(float(value) - mean) / se:.1f} standard errors away"
        lines.append(line)
    _emit(args, data, "\n".join(lines))
    return 0


def _certificate_files(paths: Sequence[str]) -> list[str]:
    """The files to verify: each path, or every ``*.json`` inside a folder (sorted)."""
    import os

    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".json"))
            if not found:
                raise SymorbitError(f"{p}: the folder holds no .json certificate")
            out += found
        else:
            out.append(p)
    return out


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0: every certificate verified; 1: one refuted (none malformed); 2: one malformed or unreadable.

    A report line per certificate on stdout, and on exit 2 one ``symorbit: error:`` line on stderr naming
    the first malformed file; a single malformed certificate gets only that line.

    Imports only the kernel (no engine, numpy or sympy), so one certificate takes a fraction of a second.
    """
    from symorbit.kernel import Malformed, load_file, verify
    from symorbit.kernel.check import Budget

    results, worst = [], 0
    for path in _certificate_files(args.certificates):
        try:
            rep = verify(load_file(path), Budget(args.max_work) if args.max_work else None)
            row = {"file": path, **rep.to_dict()}
            worst = max(worst, 1 if rep.status == "refuted" else 0)
        except Malformed as exc:
            row = {"file": path, "status": "malformed", "problems": [str(exc)]}
            worst = 2
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError,
                ArithmeticError) as exc:    # a kernel bug must still read as "malformed", never a traceback
            row = {"file": path, "status": "malformed", "problems": [f"unreadable ({type(exc).__name__})"]}
            worst = 2
        results.append(row)
    lines = []
    for row in results:
        if row.get("format") == "symorbit-parametric/1" and row["status"] != "malformed":
            where = "; ".join(row["hypotheses"])
            lines.append(f"{row['file']}: {row['status']}: {row['statement']} for {row['family']}"
                         + (f", where {where[:300]}{' …' if len(where) > 300 else ''}" if where else "") + ": "
                         + "; ".join(row["problems"] or [row["claim"][:400]]))
            if row["status"] == "verified":     # the kernel proves the expression; the name is the certificate's
                lines.append(f"  {row['statement'][:80]} ({row['source'][:120]}) is the certificate's name for this "
                             "claim: the kernel checked the expression above, not what the name means")
            continue
        if row["status"] == "malformed":
            if len(results) > 1:       # one certificate: the error line below says it, once
                lines.append(f"{row['file']}: malformed certificate ({row['problems'][0]})")
        elif row["status"] == "refuted":
            lines.append(f"{row['file']}: refuted\n" + "\n".join(f"  {p}" for p in row["problems"]))
        else:
            lines.append(_verified_line(row))
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    elif lines:
        print("\n".join(lines))
    if worst == 2 and not args.json:
        bad = [r for r in results if r["status"] == "malformed"]
        print(f"symorbit: error: {_one_line(bad[0]['file'] + ': malformed certificate (' + bad[0]['problems'][0] + ')')}",
              file=sys.stderr)
    return worst


def _verified_line(row: dict) -> str:
    """One verified certificate in words: the statement, its verdict (with the counterexample), what was checked."""
    if row["status"] == "vacuous":
        verdict = "VACUOUS: true of zero rewards, nothing was shown"
    elif row["verdict"] == "fails":
        verdict = "verified: FAILS, counterexample r = (" + ", ".join(row["counterexample"] or ()) + ")"
    elif row["verdict"] == "counted":
        verdict = "verified: counts"
    else:
        verdict = "verified: HOLDS"
    own = "" if row["built_in"] else " [your statement, declared in the certificate]"
    title = f" \"{row['title']}\"" if row.get("title") else ""
    skipped = row["rewards_skipped_non_generic"]
    return (f"{row['file']}: {verdict}\n  statement {row['statement']}{title} ({row['source']}){own}\n"
            f"  claim {row['claim']}; {row['rewards_checked']} rewards checked"
            + (f", {skipped} non-generic skipped" if skipped else "") + f" of family {row['family']}\n"
            f"  hypotheses: {'; '.join(row['hypotheses']) or 'none'}"
            + ("\n  outcome sets re-derived from the environment" if row["outcome_sets_from_environment"] else ""))


def cmd_theorems(args: argparse.Namespace) -> int:
    from symorbit.theorems import REGISTRY

    rows = [{"name": s.name, "status": s.status, "source": s.source, "mode": s.mode, "title": s.title,
             "text": s.text} for s in REGISTRY.values()]
    text = "\n".join(f"{r['name']:<28} {r['status']:<12} {r['source']:<40} {r['title']}" for r in rows)
    _emit(args, rows, text)
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    from symorbit.tables import table_from_files
    from symorbit.tour import TABLES

    sources = args.source
    if len(sources) == 1 and sources[0] in TABLES:
        if args.only or args.summary or args.columns or args.field:
            raise SymorbitError("--only, --summary, --columns and --field apply to files, not built-in tables")
        table = TABLES[sources[0]](kernel=args.kernel)
    else:
        from pathlib import Path

        if not any(Path(s).exists() for s in sources):
            raise SymorbitError(f"table {sources[0]!r} is unknown: neither a built-in table ({', '.join(TABLES)}) nor a file: "
                                "give a search checkpoint (.jsonl), certificates (files or a folder) or a JSON result")
        table = table_from_files(sources, columns=args.columns.split(",") if args.columns else None,
                                 field=args.field, only=args.only.split(",") if args.only else None,
                                 summary=args.summary, title=args.title)
    if args.title is not None:
        table = type(table)(table.columns, table.rows, title=args.title, label=table.label)
    text = (table.latex(label=args.label, fractions=args.fractions) if args.format == "latex"
            else table.render(fmt=args.format))
    _emit(args, _table_data(table), (f"{table.title}\n\n" if args.format == "markdown" and table.title else "") + text)
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    from pathlib import Path

    from symorbit.mdp.library import load_environment
    from symorbit.plots import (
        DATA_FORMATS,
        FORMATS,
        counts_over_gamma_figure,
        figure_data,
        fractions_figure,
        mdp_figure,
        power_figure,
        save,
    )

    def split(text: str | None, what: str) -> list[str]:
        if text is None:
            raise SymorbitError(f"plot {args.kind} needs --{what}")
        items = [x.strip() for x in text.split(",")]
        if not all(items):
            raise SymorbitError(f"--{what} {text!r}: an empty item; give comma-separated values")
        return items

    outputs = args.output or []
    for out in outputs:                                   # refuse a bad suffix before computing anything
        if Path(out).suffix.lower() not in FORMATS + DATA_FORMATS:
            raise SymorbitError(f"figure path {out!r}: the suffix must be one of {', '.join(FORMATS + DATA_FORMATS)}")
    if not outputs and not args.json:
        raise SymorbitError("plot needs -o FILE (.png, .pdf, .svg, .json or .csv; repeat -o for several) or --json")
    if args.kind == "fractions":
        fig = fractions_figure(max_m=args.max_m, max_n=args.max_n, title=args.title)
    else:
        if not args.env:
            raise SymorbitError(f"plot {args.kind} needs an environment (a built-in name or a file)")
        env = load_environment(args.env)
        if args.kind == "counts":
            fig = counts_over_gamma_figure(env, args.state or env.states[0], split(args.a, "a"), split(args.b, "b"),
                                           split(args.reward, "reward"), relative_to="all" if args.relative else None,
                                           title=args.title, max_polynomials=args.max_polynomials)
        elif args.kind == "power":
            states = split(args.states, "states") if args.states is not None else list(env.states)
            gammas = [_discount(g, average=False, name="--gammas") for g in split(args.gammas, "gammas")] \
                if args.gammas is not None else None
            fig = power_figure(env, states, gammas=gammas,
                               title=args.title)
        else:
            grid = args.env if args.env.lower().endswith(".grid") else None
            fig = mdp_figure(env, state=args.state, compare=split(args.compare, "compare") if args.compare is not None else (),
                             grid=grid, title=args.title)
    paths = [str(save(fig, out)) for out in outputs]
    _emit(args, {**figure_data(fig), "outputs": paths}, "\n".join(f"wrote {p}" for p in paths))
    return 0


def cmd_tour(args: argparse.Namespace) -> int:
    from symorbit.tour import TABLES

    out, data = [], []
    intro = ("symorbit tour: the post's worked examples, computed live and exactly.\n"
             "Counts are over distinct orbit elements; 'strict' = B strictly better, 'weak' = B at least as good.")
    for i, (name, build) in enumerate(TABLES.items(), 1):
        _note(f"table {i} of {len(TABLES)}: {name}")
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
    "table": "symorbit table die-live --format latex; symorbit table run.jsonl --only fails --format latex",
    "plot": "symorbit plot counts candy --state start --a candy --b wait --reward 0,2,3,3,3 -o counts.pdf "
            "-o counts.png -o counts.csv (--json prints the plotted data, exact)",
    "search": "symorbit search fractional_conjecture+n_at_least_m --family det-mdp:3:2 --rewards patterns:0,1,2 "
              "--checkpoint run.jsonl",
    "power": "symorbit power opts-figure-1 l_down --gamma 1/2 --monte-carlo 10000",
}

#: The commands that can run for seconds or more: each takes ``--progress`` / ``--no-progress``.
LONG_COMMANDS = ("tour", "count", "check", "search", "table", "plot", "power")


def _limit_flags(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--max-work", type=_positive,
                    help="work limit of the visit distributions, in vector entries (default 10^6, about 10 s)")
    sp.add_argument("--max-states", type=_positive, help="size limit of die-live:M:N (default 20000 states)")


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
        if name in LONG_COMMANDS:
            _progress_flag(sp)
        return sp

    add("tour", cmd_tour, "the post's worked examples as exact tables (the main job)")
    sp = add("visits", cmd_visits, "state visit distributions F(s), exact")
    sp.add_argument("env", help="built-in name (candy, die-live:M:N, opts-figure-1, coin) or a .toml/.json/.gv/.grid file")
    sp.add_argument("--state", required=True)
    sp.add_argument("--gamma", required=True, help='a rational in (0, 1) such as 1/2, "symbolic" or "average"')
    sp.add_argument("--first-action")
    sp.add_argument("--nondominated", action="store_true", help="keep only F_nd (certified LP)")
    _limit_flags(sp)
    for name, func, help_ in (("count", cmd_count, "orbit counts: B better / A better / ties"),
                              ("copies", cmd_copies, "the largest n with B containing n copies of A"),
                              ("check", cmd_check, "check a theorem or conjecture on an instance")):
        sp = add(name, func, help_)
        if name == "check":
            sp.add_argument("statement", help="a name from symorbit theorems, or package.module:attribute for "
                                              "a Statement in your own module")
        sp.add_argument("instance", help="a .json/.toml instance file (A, B, reward) or (env, state, ...)"
                        + ("; or a block family one-hot:M:N[:REST] (check proves the claim for every size)"
                           if name == "check" else ""))
        _limit_flags(sp)
        if name == "count":
            sp.add_argument("--reward", help="comma-separated reward overriding the file's")
            sp.add_argument("--engine", default="auto",
                            choices=["auto", "reference", "vectorised", "pruning", "blocks", "topwalk", "mitm",
                                     "maxima", "compiled"])
            sp.add_argument("--scheduler", help="a Dask scheduler address (tcp://host:port): the count's blocks "
                                                "run on its workers")
            sp.add_argument("--permutations", action="store_true", help="count all d! permutations, not elements")
            sp.add_argument("--rewards", choices=("file", "all"), default="file",
                            help="file (default: the file's reward, or --reward), or all: over every reward in Q^d, "
                                 "the worst #B-better/#A-better and strict and weak fractions, each with a witness "
                                 "reward (exact, by branch and bound)")
            sp.add_argument("--max-seconds", type=_seconds, default=Fraction(600),
                            help="with --rewards all: stop the search after this many seconds (default 600) and "
                                 "say the least values found, not proven minimal")
            sp.add_argument("--profiles", action="store_true",
                            help="with --rewards all: also list every count profile a reward attains, each with a "
                                 "witness (refused when the instance is too large for the list)")
        if name == "copies":
            sp.add_argument("--max-nodes", type=_positive, default=200_000,
                            help="search budget in nodes (default 200000); past it the result is not exhaustive")
            sp.add_argument("--max-seconds", type=_seconds, default=Fraction(60),
                            help="time budget in seconds (default 60); past it the result is not exhaustive")
        if name == "check":
            sp.add_argument("--rewards", default="file",
                            help="file, patterns:V1,V2,..., random:COUNT:SEED, or all (every reward in Q^d; "
                                 "exit 1 when the statement fails)")
            sp.add_argument("--reward", help="one comma-separated reward")
            sp.add_argument("--extra", help="extra hypotheses for fractional_conjecture, comma-separated")
            sp.add_argument("--certificate", help="write the verdict's certificate to this file")
            sp.add_argument("--max-rewards", type=_positive,
                            help="refuse a reward family larger than this (default 10000)")
            sp.add_argument("--pattern", help="for a block family one-hot:M:N[:REST]: generic (default), "
                                              "top-tie:T[:tied] or levels:T1,T2,...[:tied]; sizes may be symbols")
            sp.add_argument("--max-level", type=_positive,
                            help="block family: symbolic level multiplicities run up to this (default 5)")
            sp.add_argument("--kernel-work", type=_positive,
                            help="block family or --rewards all: the kernel's budget for the certificate, in work "
                                 "units (default 3000000; a high --max-level, or a large chamber or bound tree, "
                                 "needs more, and a reader verifies the certificate with symorbit verify "
                                 "--max-work N)")
            sp.add_argument("--bound", type=_positive,
                            help="block family without a certificate: check every size with d <= this (default 10)")
    sp = add("search", cmd_search, "search a family of instances for counterexamples (checkpointed)")
    sp.add_argument("conjecture", help="a statement name (fractional_conjecture+n_at_least_m+fix_C adds "
                                       "hypotheses) or package.module:attribute for your own Statement")
    sp.add_argument("--family", required=True, help="det-mdp:K:B[:GAMMA], one-hot:D or random-vectors:D:COUNT:SEED")
    sp.add_argument("--rewards", default="patterns:0,1,2",
                    help="patterns:V1,V2,..., random:COUNT:SEED, or all (every reward in Q^d)")
    sp.add_argument("--checkpoint", help="append results to this JSONL file (resumed if it exists)")
    sp.add_argument("--resume", help="resume from (and keep appending to) this checkpoint file")
    sp.add_argument("--workers", type=_positive, help="local processes (default: all cores; at most the core count)")
    sp.add_argument("--oversubscribe", action="store_true", help="allow --workers above the core count")
    sp.add_argument("--scheduler", help="a Dask scheduler address (tcp://host:port) to run on a cluster")
    sp.add_argument("--connect-timeout", type=_positive, default=CLI_CONNECT_TIMEOUT,
                    help=f"seconds to reach the scheduler (default {CLI_CONNECT_TIMEOUT})")
    sp.add_argument("--max-family-work", type=_positive,
                    help="refuse a family whose estimated work to build exceeds this (default 10^7, about 10 s "
                         "of building; checking the instances comes on top, shown by the progress bar)")
    sp.add_argument("--max-rewards", type=_positive, help="refuse a reward family larger than this (default 10000)")
    sp.add_argument("--certificates", help="folder to write each counterexample's certificate into")
    sp.add_argument("--kernel-work", type=_positive,
                    help="with --rewards all: the kernel's budget for each instance's certificate, in work units "
                         "(default 3000000); recorded in the checkpoint, and resuming with another value is refused")
    sp.add_argument("--expect", choices=["none", "found"], help="fail (exit 2) if the outcome differs")
    sp = add("power", cmd_power, "exact POWER of a state under iid uniform rewards (OPTS Def. 5.2; needs "
                                 "symorbit[power]), and a Monte Carlo estimate with its standard error")
    sp.add_argument("env", help="built-in name (candy, die-live:M:N, opts-figure-1, coin) or an environment file")
    sp.add_argument("state", help="the state whose POWER is computed")
    sp.add_argument("--gamma", required=True, help="a rational discount in (0, 1) such as 1/2 or 9/10")
    sp.add_argument("--monte-carlo", type=_positive, metavar="N",
                    help="also estimate POWER from N sampled rewards, with its standard error (at most 1/(2√N))")
    sp.add_argument("--seed", type=_seed, default=0,
                    help="the Monte Carlo seed, an integer >= 0 (default 0)")
    sp.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True,
                    help="compute exact POWER (default); --no-exact with --monte-carlo only samples")
    sp.add_argument("--max-estimate", type=_seconds, metavar="SECONDS",
                    help="refuse exact POWER when its estimated cost exceeds this (default 60, about seconds)")
    sp.add_argument("--max-states", type=_positive, help="size limit of die-live:M:N (default 20000 states)")
    sp = add("verify", cmd_verify, "re-verify a certificate with the kernel (exit 0 verified, 1 refuted, 2 malformed)")
    sp.add_argument("certificates", nargs="+", help="certificate files, or folders of *.json certificates")
    sp.add_argument("--max-work", type=_positive, help="the kernel's budget in work units (default 3000000, "
                    "a few seconds; each unit is about one exact multiply-add)")
    sp.add_argument("--json", action="store_true", help="print JSON")
    add("theorems", cmd_theorems, "list the statements with status and source")
    sp = add("table", cmd_table, "an exact table for write-ups, of a built-in example or of your own results: a "
                                 "search checkpoint, certificates or a JSON result (LaTeX needs "
                                 "\\usepackage{booktabs,array}; it has a caption and \\label, fits \\linewidth "
                                 "without shrinking the font, and gives long integers exactly in notes)")
    sp.add_argument("source", nargs="+",
                    help="a built-in table (candy, candy-discount, die-live, two-vs-51, opts-figure-1, every-size), a search "
                         "checkpoint (.jsonl), certificate files or folders, or a JSON file (a --json result)")
    sp.add_argument("--format", default="markdown", choices=["markdown", "latex", "csv"])
    sp.add_argument("--label", help="the LaTeX \\label (default: tab: and a slug of the title)")
    sp.add_argument("--title", help="the caption (default: made from the table or file)")
    sp.add_argument("--fractions", default="inline", choices=["inline", "stacked"],
                    help="LaTeX fractions: inline p/q (default) or stacked, with the rows spread apart")
    sp.add_argument("--columns", help="JSON records: the keys to show, comma-separated")
    sp.add_argument("--field", help="JSON: the list of records to tabulate (default: the first)")
    sp.add_argument("--only", help="checkpoints: the statuses to keep, comma-separated (e.g. fails)")
    sp.add_argument("--summary", action="store_true", help="checkpoints: the number of instances of each status")
    sp.add_argument("--kernel", action="store_true", help="built-in tables: kernel-check every row, even large ones")
    sp = add("plot", cmd_plot, "a figure of exact results, written as PNG, PDF or SVG, its data as JSON or CSV "
                               "(needs symorbit[plots])")
    sp.add_argument("kind", choices=["counts", "power", "fractions", "mdp"],
                    help="counts: orbit fractions against γ with breakpoints; power: POWER against γ; "
                         "fractions: m-vs-n against n/(n+1) and n/(n+m); mdp: the environment drawn")
    sp.add_argument("env", nargs="?", help="built-in name or environment file (counts, power, mdp)")
    sp.add_argument("-o", "--output", action="append",
                    help="a file to write: .png, .pdf, .svg (the figure) or .json, .csv (its data, exact); "
                         "repeat for several, e.g. -o fig.pdf -o fig.png")
    sp.add_argument("--title", help='the title (default: made from the inputs; "" for none)')
    sp.add_argument("--state", help="the state whose options are compared (counts, mdp)")
    sp.add_argument("--a", help="first actions giving A, comma-separated (counts)")
    sp.add_argument("--b", help="first actions giving B, comma-separated (counts)")
    sp.add_argument("--reward", help="the reward whose orbit is counted, comma-separated (counts)")
    sp.add_argument("--relative", action="store_true", help="optimality relative to all of F(s) (counts)")
    sp.add_argument("--max-polynomials", type=_positive,
                    help="counts: refuse above this many comparison polynomials, compared pairs × |orbit| "
                         "(default 200000; OPTS Figure 1 with r = 0..7 needs 967680)")
    sp.add_argument("--states", help="states to draw, comma-separated (power; default all)")
    sp.add_argument("--gammas", help="rational discounts, comma-separated (power; default 1/20..19/20)")
    sp.add_argument("--compare", help="first actions to highlight, comma-separated (mdp; a .grid file is drawn as "
                                      "its grid)")
    sp.add_argument("--max-m", type=int, default=4, help="fractions: largest m")
    sp.add_argument("--max-n", type=int, default=12, help="fractions: largest n")
    return p


#: The longest error line the CLI prints; longer ones (a hostile name echoed back) are cut in the middle.
MAX_ERROR_LINE = 600


def _one_line(message: str) -> str:
    """The message with every non-printable character escaped, so hostile names never break the line.

    A message over :data:`MAX_ERROR_LINE` characters keeps its start and its end (where the problem is
    named) and says how much was left out.
    """
    line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    if len(line) > MAX_ERROR_LINE:
        cut = len(line) - MAX_ERROR_LINE + 60
        line = f"{line[:MAX_ERROR_LINE // 2]} …[{cut} characters left out]… {line[-(MAX_ERROR_LINE // 2 - 60):]}"
    return line


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symorbit`` console script."""
    import warnings

    # Third-party notices a CLI user cannot act on (networkx's note that its graph hashes changed in 3.5).
    warnings.filterwarnings("ignore", category=UserWarning, module=r"networkx(\.|$)")
    global _TICKER
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if _ticks(args):
            _TICKER = _Ticker(f"symorbit {args.command}")
        return guards.run(args.func, args)
    except SymorbitError as exc:
        _stop_ticker()
        print(f"symorbit: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except RecursionError:
        print("symorbit: error: the instance is too deep to decide in this process (Python's recursion limit); "
              "use a smaller dimension or fewer repeated values", file=sys.stderr)
        return 2
    except MemoryError:
        print("symorbit: error: out of memory; use a smaller instance", file=sys.stderr)
        return 2
    except Exception as exc:
        from symorbit.kernel import Malformed

        if not isinstance(exc, Malformed):
            raise
        print(f"symorbit: error: the kernel cannot decide this in-process: {_one_line(str(exc)[:200])}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _stop_ticker()
        print("symorbit: interrupted", file=sys.stderr)
        return 130
    finally:
        _stop_ticker()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
