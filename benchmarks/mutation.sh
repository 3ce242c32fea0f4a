#!/usr/bin/env bash
# Mutation testing of the kernel: every module in symorbit/kernel/ (taken from the folder, so a
# module added later is covered without editing this script), mutated by mutmut 3.x and run
# against the kernel's tests. Prints the score and every surviving mutant; exits 1 when a
# survivor is not listed as equivalent in docs/mutation.md.
#
#   bash benchmarks/mutation.sh            # PYTHON=... (default: python), JOBS=... (default: 2)
#
# mutmut is not a dependency of symorbit: `pip install "mutmut>=3.8,<4"` (or the `mutation` extra).
# The run happens in a scratch copy of the work tree (MUTATION_DIR, default a temporary folder),
# so the repository gets no mutants/ folder and no [tool.mutmut] table.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python}
JOBS=${JOBS:-2}
WORK=${MUTATION_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/symorbit-mutation.XXXXXX")}
# Not behaviour, and wrong on the mutated copy (mutmut adds trampolines to every function): the line
# budget counts its lines, and the "verify in under a second" subprocess times its slower import.
DESELECT=(--deselect tests/test_kernel.py::test_kernel_line_budget
          --deselect tests/test_kernel.py::test_verify_loads_no_engine_numpy_or_sympy
          --deselect tests/test_kernel_hostile.py::test_a_complete_150_state_graph_is_refused_quickly_in_little_memory)

# The CPU-time bounds of the hostile-input tests, scaled: mutmut's trampolines slow every kernel call several
# times (a 2 s bound took 4.5 s unmutated); a mutant that drops a charge or loops still runs far past them.
export SYMORBIT_TIME_SLACK=${SYMORBIT_TIME_SLACK:-8}

"$PY" -c "import mutmut" 2>/dev/null || { echo "mutation.sh: mutmut is not installed for $PY (pip install 'mutmut>=3.8,<4')" >&2; exit 2; }

# The modules under test: every .py file in symorbit/kernel/, read from the folder.
# MODULES="symorbit/kernel/a.py symorbit/kernel/b.py" restricts a run to some of them (a partial score).
if [ -n "${MODULES:-}" ]; then read -r -a MODULES <<< "$MODULES"; else
    mapfile -t MODULES < <(cd "$ROOT" && ls symorbit/kernel/*.py); fi
# The tests: the kernel's own test modules (tests/test_kernel*.py), also read from the folder.
mapfile -t TESTS < <(cd "$ROOT" && ls tests/test_kernel*.py tests/test_parametric.py tests/test_vocabulary.py)

# A scratch copy of the tracked and untracked-but-not-ignored files the tests need;
# theorems/ becomes symorbit/theorems/ (what [tool.setuptools.package-dir] does when installed).
# MUTATION_RESUME=1 with a MUTATION_DIR of an earlier run keeps its verdicts where they still hold:
# mutmut regenerates the mutants and forgets the verdicts of every function whose source changed
# (it compares each function's hash); of the rest only "killed" is kept, and every other verdict
# (survived, timeout, ...) is re-judged against today's tests. Sound while tests are only added:
# a mutant some test killed is still killed by a superset of the tests.
if [ -n "${MUTATION_RESUME:-}" ] && [ -d "$WORK/mutants" ]; then
    echo "resuming in $WORK: verdicts other than killed are reset"
    "$PY" - "$WORK/mutants" <<'EOF'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
reset = 0
for meta in root.rglob("*.py.meta"):
    data = json.loads(meta.read_text())
    codes = data["exit_code_by_key"]
    for key, code in codes.items():
        if code not in (1, 3) and code is not None:
            codes[key] = None
            reset += 1
    meta.write_text(json.dumps(data, indent=4))
stats = root / "mutmut-stats.json"
if stats.exists():  # the test list grew: a changed selection would make mutmut reset every verdict
    data = json.loads(stats.read_text())
    data.pop("config_fingerprint", None)
    # Which tests call which function: mutmut collects it only for tests it has not seen, so a function split
    # out of another (its callers' tests seen before) would get no tests and every mutant of it "survive".
    # With no test known, every test is new and the map is rebuilt; the function hashes (what keeps the kills
    # of unchanged functions) stay.
    data["tests_by_mangled_function_name"], data["duration_by_test"] = {}, {}
    stats.write_text(json.dumps(data))
print(f"{reset} verdicts reset")
EOF
else
    rm -rf "$WORK/mutants"
fi
mkdir -p "$WORK"
# -m: the copies get today's times, so mutmut sees every file as changed and compares function hashes.
(cd "$ROOT" && git ls-files -co --exclude-standard -- symorbit theorems tests examples docs conftest.py pyproject.toml |
    while read -r f; do [ -f "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -m -xf - -C "$WORK"
rm -rf "$WORK/symorbit/theorems" && cp -r "$WORK/theorems" "$WORK/symorbit/theorems"

toml_list() { local sep="" out="["; for x in "$@"; do out+="$sep\"$x\""; sep=", "; done; echo "$out]"; }
# conftest.py too: its autouse fixture empties the kernel's memos (replays, counts, ND) before every test. mutmut forks each
# mutant's run from a process that already ran the tests, so without it a mutant's check is answered from the memo
# of the unmutated code (mutants of the replay "survive" tests that kill them when run on their own).
cat >> "$WORK/pyproject.toml" <<EOF

[tool.mutmut]
source_paths = ["symorbit"]
only_mutate = $(toml_list "${MODULES[@]}")
pytest_add_cli_args = ["-o", "addopts=", "-p", "no:cacheprovider", "-p", "no:randomly"]
pytest_add_cli_args_test_selection = $(toml_list "${TESTS[@]}" "${DESELECT[@]}")
use_git_change_detection = false
also_copy = ["examples", "docs", "conftest.py"]
EOF

echo "mutmut $("$PY" -c 'import importlib.metadata as m; print(m.version("mutmut"))') over ${MODULES[*]}"
echo "tests: ${TESTS[*]} (in $WORK)"
start=$(date +%s)
(cd "$WORK" && "$PY" -m mutmut run --max-children "$JOBS" > mutmut-run.log 2>&1) || {
    tail -40 "$WORK/mutmut-run.log" >&2; echo "mutation.sh: mutmut run failed (log: $WORK/mutmut-run.log)" >&2; exit 2; }
elapsed=$(( $(date +%s) - start ))
cd "$WORK"
"$PY" -m mutmut export-cicd-stats > /dev/null
"$PY" -m mutmut results > survivors.txt 2>&1 || true

"$PY" - "$ROOT/docs/mutation.md" "$elapsed" <<'EOF'
import json, re, subprocess, sys, datetime, importlib.metadata as md
stats = json.load(open("mutants/mutmut-cicd-stats.json"))
doc = open(sys.argv[1]).read() if __import__("os").path.exists(sys.argv[1]) else ""
section = doc.split("## Equivalent survivors", 1)[-1].split("\n## ", 1)[0] if "## Equivalent" in doc else ""
listed = set(re.findall(r"`(symorbit\.kernel\.[\w.]+__mutmut_\d+)`", section))
left = [ln.split(":")[0].strip() for ln in open("survivors.txt") if "__mutmut_" in ln]
total, killed = stats["total"], stats["killed"]
print(f"\nscore: {killed}/{total} killed ({100 * killed / max(total, 1):.1f}%), "
      f"{len(left)} not killed ({', '.join(f'{k} {v}' for k, v in stats.items() if v and k not in ('killed', 'total'))}); "
      f"mutmut {md.version('mutmut')}, {datetime.date.today()}, {sys.argv[2]} s")
unexplained = [m for m in left if m not in listed]
for m in left:
    diff = subprocess.run([sys.executable, "-m", "mutmut", "show", m], capture_output=True, text=True).stdout
    change = [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    print(f"  {'equivalent' if m in listed else 'UNEXPLAINED'}  {m}")
    for ln in change:
        print(f"      {ln.strip()[:150]}")
stale = sorted(listed - set(left))
if stale:
    print(f"listed as equivalent in docs/mutation.md but killed or gone now: {', '.join(stale)}")
sys.exit(1 if unexplained else 0)
EOF
